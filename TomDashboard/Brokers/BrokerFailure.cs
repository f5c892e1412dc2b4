using System.Net;
using System.Text.Json;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace TomDashboard.Brokers;

/// <summary>
/// Turns the ways a remote call fails into a sentence an astronomer can act on: plain words, no stack traces, no
/// exception or enum names.
/// </summary>
public static class BrokerFailure
{
    private const string Kept = "The alerts already received are kept";

    public static string Describe(string brokerName, Exception exception) => exception switch
    {
        BrokerTimeoutException { LastFailedAttempt: { } last } timeout =>
            $"{Sentence(Describe(brokerName, last))} It was asked again until the {Seconds(timeout.Limit)} allowed{Setting(timeout.TimeoutSetting)} ran out.",
        BrokerTimeoutException timeout =>
            $"{brokerName} did not answer within {Seconds(timeout.Limit)}. {Kept}; try again later, narrow the query, or allow more time{Setting(timeout.TimeoutSetting)}.",
        TimeoutRejectedException timeout =>
            $"{brokerName} did not answer within {Seconds(timeout.Timeout)}. {Kept}; try again later or narrow the query.",
        TaskCanceledException or TimeoutException =>
            $"{brokerName} did not answer in time. {Kept}; try again later or narrow the query.",
        BrokenCircuitException =>
            $"{brokerName} has failed several times in a row, so calls are paused for a moment. Try again shortly.",
        RateLimiterRejectedException =>
            $"{brokerName} is rate-limiting requests. Try again shortly.",
        BrokerHttpException { StatusCode: HttpStatusCode.TooManyRequests, RetryAfter: { } wait } =>
            $"{brokerName} is rate-limiting requests (HTTP 429) and asks to wait {Seconds(wait)} before trying again. {Kept}.",
        BrokerHttpException { StatusCode: HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden } refused =>
            Refused(brokerName, refused.StatusCode!.Value, refused.CredentialSetting) + Said(refused.RemoteMessage),
        BrokerHttpException { StatusCode: { } status } http =>
            $"{brokerName} answered with an error ({BrokerHttp.StatusText(status)})." + Said(http.RemoteMessage),
        BrokerResponseException shape =>
            $"{brokerName} sent a response this dashboard cannot read: {shape.Message}.",
        HttpRequestException { StatusCode: HttpStatusCode.TooManyRequests } =>
            $"{brokerName} is rate-limiting requests (HTTP 429). Try again shortly.",
        HttpRequestException { StatusCode: HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden } refused =>
            Refused(brokerName, refused.StatusCode.Value, null),
        HttpRequestException { StatusCode: { } status } =>
            $"{brokerName} answered with an error ({BrokerHttp.StatusText(status)}).",
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } =>
            $"{brokerName} could not be reached: its host name was not found. Check its address in the configuration and this machine's network.",
        HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } =>
            $"{brokerName} could not be reached: a secure (HTTPS) connection to it could not be set up.",
        // A body cut short: ended early (HttpIOException, ResponseEnded) or reset by the peer (IOException).
        HttpRequestException { InnerException: IOException } or IOException =>
            $"The connection closed before {brokerName} finished its answer. {Kept}; try again.",
        HttpRequestException http =>
            $"{brokerName} could not be reached: {http.Message}",
        JsonException =>
            $"{brokerName} sent a response that is not valid JSON.",
        _ => $"{brokerName} failed: {exception.Message}",
    };

    /// <summary>A 401 or 403: names the setting holding the credential when the broker's options say which it is.</summary>
    private static string Refused(string brokerName, HttpStatusCode status, string? credentialSetting) =>
        credentialSetting is null
            ? $"{brokerName} refused the request ({BrokerHttp.StatusText(status)})."
            : $"{brokerName} refused the request ({BrokerHttp.StatusText(status)}): check the token in {credentialSetting} "
              + $"(environment variable {credentialSetting.Replace(":", "__", StringComparison.Ordinal)}).";

    /// <summary>The broker's own words, when they are text: an HTML error page is noise in a sentence.</summary>
    private static string Said(string? remoteMessage) =>
        remoteMessage is { Length: > 0 } said && !said.StartsWith('<') ? $" It said: {said}" : "";

    private static string Sentence(string text) => text.EndsWith('.') ? text : text + ".";

    private static string Setting(string? setting) => setting is null ? "" : $" ({setting})";

    private static string Seconds(TimeSpan wait) =>
        wait.TotalSeconds < 120 ? $"{Math.Ceiling(wait.TotalSeconds):0} s" : $"{Math.Ceiling(wait.TotalMinutes):0} min";
}
