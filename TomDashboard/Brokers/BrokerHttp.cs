using System.Net;
using System.Text;
using System.Text.Json;

namespace TomDashboard.Brokers;

/// <summary>A broker answered with an error status; keeps what the page needs to say why.</summary>
public sealed class BrokerHttpException(HttpStatusCode status, TimeSpan? retryAfter, string? remoteMessage)
    : HttpRequestException($"HTTP {(int)status} {status}", null, status)
{
    /// <summary>How long the broker asked us to wait (429, 503).</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>The start of the broker's own error text. Remote text: render it as text.</summary>
    public string? RemoteMessage { get; } = remoteMessage;
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

        throw new BrokerHttpException(response.StatusCode, RetryAfterOf(response), Excerpt(body));
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
