using System.Net;
using Polly.Timeout;
using TomDashboard.Brokers;

namespace TomDashboard.Tests.Brokers;

/// <summary>The sentences a failed call becomes: plain words, never a .NET type or enum name.</summary>
public sealed class BrokerFailureTests
{
    public static readonly TheoryData<Exception, string> Failures = new()
    {
        { new BrokerHttpException(HttpStatusCode.InternalServerError, null, "database down"), "ALeRCE answered with an error (HTTP 500 Internal Server Error). It said: database down" },
        { new BrokerHttpException(HttpStatusCode.BadGateway, null, "<html><body>502 Bad Gateway</body></html>"), "ALeRCE answered with an error (HTTP 502 Bad Gateway)." },
        { new BrokerHttpException((HttpStatusCode)520, null, null), "ALeRCE answered with an error (HTTP 520)." },
        { new BrokerHttpException(HttpStatusCode.Forbidden, null, null), "ALeRCE refused the request (HTTP 403 Forbidden)." },
        { new HttpRequestException("Response status code does not indicate success: 503 (Service Unavailable).", null, HttpStatusCode.ServiceUnavailable), "ALeRCE answered with an error (HTTP 503 Service Unavailable)." },
        { new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely, with at least 84 additional bytes expected. (ResponseEnded)"), "The connection closed before ALeRCE finished its answer. The alerts already received are kept; try again." },
        { new HttpRequestException(HttpRequestError.Unknown, "Error while copying content to a stream.", new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely. (ResponseEnded)")), "The connection closed before ALeRCE finished its answer. The alerts already received are kept; try again." },
        { new HttpRequestException(HttpRequestError.NameResolutionError, "Name or service not known (api.alerce.example:443)"), "ALeRCE could not be reached: its host name was not found. Check its address in the configuration and this machine's network." },
        { new HttpRequestException(HttpRequestError.SecureConnectionError, "The SSL connection could not be established, see inner exception."), "ALeRCE could not be reached: a secure (HTTPS) connection to it could not be set up." },
        { new IOException("Unable to read data from the transport connection: Connection reset by peer."), "The connection closed before ALeRCE finished its answer. The alerts already received are kept; try again." },
        { new TimeoutRejectedException(TimeSpan.FromSeconds(10)), "ALeRCE did not answer within 10 s. The alerts already received are kept; try again later or narrow the query." },
        { new BrokerTimeoutException(TimeSpan.FromSeconds(10), "Brokers:ALeRCE:TimeoutSeconds", null, new TimeoutRejectedException()), "ALeRCE did not answer within 10 s. The alerts already received are kept; try again later, narrow the query, or allow more time (Brokers:ALeRCE:TimeoutSeconds)." },
        { new BrokerTimeoutException(TimeSpan.FromSeconds(10), "Brokers:ALeRCE:TimeoutSeconds", new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (api.alerce.example:443)"), new TimeoutRejectedException()), "ALeRCE could not be reached: Connection refused (api.alerce.example:443). It was asked again until the 10 s allowed (Brokers:ALeRCE:TimeoutSeconds) ran out." },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Each_failure_reads_in_plain_words(Exception failure, string expected)
    {
        var sentence = BrokerFailure.Describe("ALeRCE", failure);

        Assert.Equal(expected, sentence);
        foreach (var jargon in new[] { "Exception", "ResponseEnded", "bytes expected", "InternalServerError", "ServiceUnavailable", "inner exception" })
        {
            Assert.DoesNotContain(jargon, sentence, StringComparison.Ordinal);
        }
    }
}
