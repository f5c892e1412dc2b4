using Microsoft.AspNetCore.Http;

namespace TomDashboard.Tests.Fakes;

/// <summary>The ways a broker's server misbehaves, served for real over HTTP.</summary>
public enum BrokerFault
{
    ServerError,
    Timeout,
    NotJson,
    WrongShape,
    RateLimited,
    CutMidBody,
}

public static class BrokerFaults
{
    public static readonly TheoryData<BrokerFault> All = new(Enum.GetValues<BrokerFault>());

    /// <summary>
    /// Answers with the fault. Brokers under test should run with TimeoutSeconds = 1 and Retries = 0, so a
    /// timeout takes a second and each fault is seen once.
    /// </summary>
    public static async Task RespondAsync(HttpContext context, BrokerFault fault, string wrongShapeJson = "{\"unexpected\": [1, 2, 3]}")
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        switch (fault)
        {
            case BrokerFault.ServerError:
                response.StatusCode = StatusCodes.Status500InternalServerError;
                await response.WriteAsync("upstream database unavailable", context.RequestAborted);
                break;
            case BrokerFault.Timeout:
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // The client gave up, as it should.
                }

                break;
            case BrokerFault.NotJson:
                response.ContentType = "text/html";
                await response.WriteAsync("<html><body>502 Bad Gateway</body></html>", context.RequestAborted);
                break;
            case BrokerFault.WrongShape:
                response.ContentType = "application/json";
                await response.WriteAsync(wrongShapeJson, context.RequestAborted);
                break;
            case BrokerFault.RateLimited:
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = "3600";
                await response.WriteAsync("Request limit exceeded. Either wait an hour, or get a power user account.", context.RequestAborted);
                break;
            case BrokerFault.CutMidBody:
                response.ContentType = "application/json";
                response.ContentLength = 10_000;
                await response.WriteAsync("[{\"oid\": \"ZTF18ab", context.RequestAborted);
                await response.Body.FlushAsync(context.RequestAborted);
                context.Abort();
                break;
        }
    }

    /// <summary>How the run page's feedback begins for each fault, for a broker run with TimeoutSeconds = 1.</summary>
    public static string ExpectedFeedback(string broker, BrokerFault fault) => fault switch
    {
        BrokerFault.ServerError => $"{broker} answered with an error (HTTP 500 Internal Server Error). It said: upstream database unavailable",
        BrokerFault.Timeout => $"{broker} did not answer within 1 s.",
        BrokerFault.NotJson => $"{broker} sent a response this dashboard cannot read: its answer is not valid JSON.",
        BrokerFault.WrongShape => $"{broker} sent a response this dashboard cannot read:",
        BrokerFault.RateLimited => $"{broker} is rate-limiting requests (HTTP 429) and asks to wait 60 min before trying again.",
        BrokerFault.CutMidBody => $"The connection closed before {broker} finished its answer.",
        _ => throw new ArgumentOutOfRangeException(nameof(fault)),
    };
}
