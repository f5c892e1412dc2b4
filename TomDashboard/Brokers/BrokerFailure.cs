using System.Net;
using System.Text.Json;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace TomDashboard.Brokers;

/// <summary>Turns the ways a remote call fails into a sentence an astronomer can act on. No stack traces.</summary>
public static class BrokerFailure
{
    public static string Describe(string brokerName, Exception exception) => exception switch
    {
        TimeoutRejectedException or TaskCanceledException or TimeoutException =>
            $"{brokerName} did not answer in time. The alerts already received are kept; try again later or narrow the query.",
        BrokenCircuitException =>
            $"{brokerName} has failed several times in a row, so calls are paused for a moment. Try again shortly.",
        RateLimiterRejectedException =>
            $"{brokerName} is rate-limiting requests. Try again shortly.",
        BrokerHttpException { StatusCode: HttpStatusCode.TooManyRequests, RetryAfter: { } wait } =>
            $"{brokerName} is rate-limiting requests (HTTP 429) and asks to wait {Seconds(wait)} before trying again. The alerts already received are kept.",
        BrokerHttpException { StatusCode: { } status, RemoteMessage: { } said } =>
            $"{brokerName} answered with an error: HTTP {(int)status} {status}. It said: {said}",
        BrokerResponseException shape =>
            $"{brokerName} sent a response this dashboard cannot read: {shape.Message}.",
        HttpRequestException { StatusCode: HttpStatusCode.TooManyRequests } =>
            $"{brokerName} is rate-limiting requests (HTTP 429). Try again shortly.",
        HttpRequestException { StatusCode: { } status } =>
            $"{brokerName} answered with an error: HTTP {(int)status} {status}.",
        HttpRequestException { InnerException: IOException io } =>
            $"The connection to {brokerName} broke while reading its answer: {io.Message}",
        HttpRequestException http =>
            $"{brokerName} could not be reached: {http.Message}",
        JsonException =>
            $"{brokerName} sent a response that is not valid JSON.",
        IOException io =>
            $"The connection to {brokerName} broke while reading its answer: {io.Message}",
        _ => $"{brokerName} failed: {exception.Message}",
    };

    private static string Seconds(TimeSpan wait) =>
        wait.TotalSeconds < 120 ? $"{Math.Ceiling(wait.TotalSeconds):0} s" : $"{Math.Ceiling(wait.TotalMinutes):0} min";
}
