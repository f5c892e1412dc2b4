using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Polly.Timeout;

namespace TomDashboard.Brokers;

/// <summary>A broker answered with an error status; keeps what the page needs to say why.</summary>
public sealed class BrokerHttpException(HttpStatusCode status, TimeSpan? retryAfter, string? remoteMessage)
    : HttpRequestException(BrokerHttp.StatusText(status), null, status)
{
    /// <summary>How long the broker asked us to wait (429, 503).</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>The start of the broker's own error text. Remote text: render it as text.</summary>
    public string? RemoteMessage { get; } = remoteMessage;

    /// <summary>The setting holding the credential the request carried (a 401 or 403 names it); null when none.</summary>
    public string? CredentialSetting { get; init; }
}

/// <summary>
/// A call to a broker used up its <see cref="BrokerOptions.TimeoutSeconds"/>, retries included. Carries the limit and
/// its setting for the sentence, and what the last failed attempt was, if the time ran out between retries.
/// </summary>
public sealed class BrokerTimeoutException : TimeoutException
{
    public BrokerTimeoutException()
    {
    }

    public BrokerTimeoutException(string message)
        : base(message)
    {
    }

    public BrokerTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public BrokerTimeoutException(TimeSpan limit, string? timeoutSetting, Exception? lastFailedAttempt, Exception innerException)
        : base($"No answer within {limit.TotalSeconds:0.#} s.", innerException)
    {
        Limit = limit;
        TimeoutSetting = timeoutSetting;
        LastFailedAttempt = lastFailedAttempt;
    }

    public TimeSpan Limit { get; }

    /// <summary>Where the limit is set, e.g. <c>Brokers:ALeRCE:TimeoutSeconds</c>.</summary>
    public string? TimeoutSetting { get; }

    /// <summary>An earlier attempt's failure (an error status, a refused connection) that was being retried.</summary>
    public Exception? LastFailedAttempt { get; }
}

/// <summary>The broker answered, but not with the shape its documentation promises.</summary>
public sealed class BrokerResponseException : Exception
{
    public BrokerResponseException()
    {
    }

    public BrokerResponseException(string message)
        : base(message)
    {
    }

    public BrokerResponseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Small helpers every HTTP broker uses, so that they fail in the same readable ways.</summary>
public static class BrokerHttp
{
    /// <summary>The broker's named HttpClient (with its resilience handler), for its choice providers.</summary>
    public static string ClientName(string brokerName) => $"Broker:{brokerName}";

    private const int RemoteMessageLength = 300;

    /// <summary>Throws <see cref="BrokerHttpException"/> for an error status, with the broker's message and Retry-After.</summary>
    public static async Task<HttpResponseMessage> EnsureBrokerSuccessAsync(this HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        string? body = null;
        try
        {
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            // The error itself is what matters; its body is a nicety.
        }

        throw new BrokerHttpException(response.StatusCode, RetryAfterOf(response), Excerpt(body)) { CredentialSetting = CredentialSettingOf(response) };
    }

    /// <summary>The credential setting <see cref="BrokerCallHandler"/> noted on the request, if any.</summary>
    public static string? CredentialSettingOf(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.RequestMessage?.Options.TryGetValue(BrokerCallHandler.CredentialSettingKey, out var setting) == true ? setting : null;
    }

    /// <summary>A status as people read it: <c>HTTP 500 Internal Server Error</c>; a code without a standard phrase is just its number.</summary>
    public static string StatusText(HttpStatusCode status)
    {
        var phrase = ReasonPhrases.GetReasonPhrase((int)status);
        return phrase.Length > 0 ? $"HTTP {(int)status} {phrase}" : $"HTTP {(int)status}";
    }

    /// <summary>Reads the body as JSON; a body that is not JSON is a <see cref="BrokerResponseException"/>.</summary>
    public static async Task<JsonDocument> ReadJsonAsync(this HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        try
        {
            return await JsonDocument.ParseAsync(stream, new JsonDocumentOptions { AllowTrailingCommas = true }, cancellationToken);
        }
        catch (JsonException exception)
        {
            throw new BrokerResponseException("its answer is not valid JSON", exception);
        }
    }

    /// <summary>
    /// A body that should be a JSON list of objects, read item by item as it arrives, so the first rows are handed on
    /// before the rest has come. A body that is not JSON, or JSON but not a list of objects, ends it with a
    /// <see cref="BrokerResponseException"/> saying which (<paramref name="notAList"/>); the rows before stay handed on.
    /// </summary>
    public static async IAsyncEnumerable<JsonElement> ReadJsonObjectsAsync(
        this HttpResponseMessage response, string notAList, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        await using var body = new BodyStartStream(await response.Content.ReadAsStreamAsync(cancellationToken), 64);
        await using var items = JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(body, BrokerJson.Options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await items.MoveNextAsync())
                {
                    yield break;
                }
            }
            catch (JsonException exception)
            {
                // JSON whose top is not a list starts like any JSON value; anything else is not JSON at all.
                var start = body.StartText.TrimStart();
                throw start.Length > 0 && "{\"-0123456789tfn".Contains(start[0], StringComparison.Ordinal)
                    ? new BrokerResponseException(notAList, exception)
                    : new BrokerResponseException("its answer is not valid JSON", exception);
            }

            if (items.Current.ValueKind != JsonValueKind.Object)
            {
                throw new BrokerResponseException(notAList);
            }

            yield return items.Current;
        }
    }

    /// <summary>GET <paramref name="uri"/>, checked and parsed.</summary>
    public static async Task<JsonDocument> GetJsonAsync(this HttpClient http, Uri uri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await response.EnsureBrokerSuccessAsync(cancellationToken);
        return await response.ReadJsonAsync(cancellationToken);
    }

    /// <summary>
    /// A query string from pairs, in order; a key may repeat (ALeRCE ranges: <c>firstmjd=a&amp;firstmjd=b</c>).
    /// Pairs with a null value are left out.
    /// </summary>
    public static string Query(IEnumerable<KeyValuePair<string, string?>> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var builder = new StringBuilder();
        foreach (var (key, value) in pairs)
        {
            if (value is null)
            {
                continue;
            }

            builder.Append(builder.Length == 0 ? '?' : '&')
                .Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
        }

        return builder.ToString();
    }

    public static TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        return retryAfter?.Date is { } date ? Max(date - DateTimeOffset.UtcNow, TimeSpan.Zero) : null;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string? Excerpt(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        var text = body.Trim();
        return text.Length <= RemoteMessageLength ? text : string.Concat(text.AsSpan(0, RemoteMessageLength), "…");
    }
}

/// <summary>
/// The outermost handler of every broker's HttpClient. It notes on each request which setting holds the credential it
/// carries, and turns the resilience pipeline's timeout into a <see cref="BrokerTimeoutException"/> that names the
/// broker's own limit (the pipeline's own exception may name a single attempt's timeout).
/// </summary>
public sealed class BrokerCallHandler(string brokerName, Func<BrokerOptions> options, BrokerMetrics? metrics = null, BrokerHealth? health = null) : DelegatingHandler
{
    public static readonly HttpRequestOptionsKey<string> CredentialSettingKey = new("TomDashboard.CredentialSetting");

    /// <summary>Set by the retry strategy: the failure of the attempt being retried.</summary>
    public static readonly HttpRequestOptionsKey<Exception> LastFailedAttemptKey = new("TomDashboard.LastFailedAttempt");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var current = options();
        if (current.CredentialSetting(request.RequestUri) is { } setting)
        {
            request.Options.Set(CredentialSettingKey, setting);
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                Ended(BrokerCallOutcome.Success, null);
            }
            else
            {
                Ended(response.StatusCode == HttpStatusCode.TooManyRequests ? BrokerCallOutcome.RateLimited : BrokerCallOutcome.HttpError,
                    new BrokerHttpException(response.StatusCode, BrokerHttp.RetryAfterOf(response), null) { CredentialSetting = BrokerHttp.CredentialSettingOf(response) });
            }

            return response;
        }
        catch (TimeoutRejectedException timeout)
        {
            request.Options.TryGetValue(LastFailedAttemptKey, out var last);
            var failure = new BrokerTimeoutException(
                TimeSpan.FromSeconds(current.TimeoutSeconds), $"Brokers:{brokerName}:TimeoutSeconds", last is TimeoutRejectedException ? null : last, timeout);
            Ended(BrokerCallOutcome.Timeout, failure);
            throw failure;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Ended(BrokerCallOutcome.Cancelled, null);
            throw;
        }
        catch (Exception exception)
        {
            Ended(exception is Polly.CircuitBreaker.BrokenCircuitException ? BrokerCallOutcome.CircuitOpen : BrokerCallOutcome.Unreachable, exception);
            throw;
        }

        void Ended(string outcome, Exception? failure)
        {
            metrics?.CallEnded(brokerName, outcome, System.Diagnostics.Stopwatch.GetElapsedTime(started));
            if (failure is not null)
            {
                health?.Failed(brokerName, BrokerFailure.Describe(brokerName, failure));
            }
        }
    }
}
