using System.Net;

namespace TomDashboard.Brokers.Lasair;

/// <summary>
/// Lasair answered, but its body says no: its hourly request limit ("Request limit exceeded...", whatever the HTTP
/// status), or an <c>{"error": "..."}</c> answer. <see cref="Exception.Message"/> reads after "Lasair failed: " (how
/// <see cref="BrokerFailure"/> words exceptions it does not know); <see cref="RunFeedback"/> is the sentence a query
/// run shows before it stops.
/// </summary>
public sealed class LasairRefusedException : Exception
{
    public LasairRefusedException()
    {
        RunFeedback = "Lasair refused the request.";
    }

    public LasairRefusedException(string message)
        : base(message)
    {
        RunFeedback = message;
    }

    public LasairRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
        RunFeedback = message;
    }

    private LasairRefusedException(string message, string runFeedback, bool isRateLimit)
        : base(message)
    {
        RunFeedback = runFeedback;
        IsRateLimit = isRateLimit;
    }

    public string RunFeedback { get; }

    public bool IsRateLimit { get; }

    /// <summary>The request limit: Lasair allows a normal user 100 calls an hour.</summary>
    public static LasairRefusedException RateLimited(HttpStatusCode status, string said) => new(
        $"its request limit is exceeded (HTTP {(int)status}). It said: {said} Try again in an hour.",
        $"Lasair is rate-limiting requests (HTTP {(int)status}). It said: {said} The alerts already received are kept; try again in an hour.",
        isRateLimit: true);

    /// <summary>An <c>{"error": "..."}</c> answer to <paramref name="request"/> ("the cone search").</summary>
    public static LasairRefusedException Error(string request, string said) => new(
        $"it answered {request} with an error: {said}",
        $"Lasair answered {request} with an error: {said}",
        isRateLimit: false);
}
