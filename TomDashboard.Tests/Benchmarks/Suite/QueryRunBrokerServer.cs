using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Benchmarks.Suite;

/// <summary>
/// The brokers a query run reads in the suite, on a real local HTTP server: ALeRCE's <c>/objects/</c> in pages that each
/// take a set time to answer, and a MyBroker data file of many alerts. Bodies are made once, so serving costs nothing.
/// </summary>
public sealed class QueryRunBrokerServer : IAsyncDisposable
{
    public const string TargetName = "Tatooine";

    private readonly LocalHttpServer _server;
    private readonly byte[][] _pages;

    private QueryRunBrokerServer(LocalHttpServer server, byte[][] pages, byte[] myBrokerBody)
    {
        _server = server;
        _pages = pages;
        MyBrokerBody = myBrokerBody;
    }

    public int Pages { get; private init; }

    public int PageSize { get; private init; }

    public TimeSpan PageLatency { get; private init; }

    public int MyBrokerAlerts { get; private init; }

    public byte[] MyBrokerBody { get; }

    /// <summary>ALeRCE's ZTF base URL on this server.</summary>
    public string AlerceBaseUrl => _server.At("/alerce").ToString();

    public string MyBrokerUrl => _server.At("/mybroker/data.json").ToString();

    public static async Task<QueryRunBrokerServer> StartAsync(int pages, int pageSize, TimeSpan pageLatency, int myBrokerAlerts)
    {
        var pageBodies = Enumerable.Range(1, pages).Select(page => AlercePage(page, pages, pageSize)).ToArray();
        var myBrokerBody = MyBrokerData(myBrokerAlerts);
        QueryRunBrokerServer? self = null;
        var server = await LocalHttpServer.StartAsync(context => self!.AnswerAsync(context));
        self = new QueryRunBrokerServer(server, pageBodies, myBrokerBody)
        {
            Pages = pages,
            PageSize = pageSize,
            PageLatency = pageLatency,
            MyBrokerAlerts = myBrokerAlerts,
        };
        return self;
    }

    /// <summary>The first page as a plain client reads it: the latency a run's first row cannot beat.</summary>
    public async Task<TimeSpan> FirstPageLatencyAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var bytes = await http.GetByteArrayAsync(new Uri($"{AlerceBaseUrl}/objects/?page=1&page_size={PageSize}"), cancellationToken);
        watch.Stop();
        return bytes.Length > 0 ? watch.Elapsed : throw new InvalidOperationException("The first page was empty.");
    }

    /// <summary>The MyBroker body read to its end by a plain client: the transfer time alone.</summary>
    public async Task<TimeSpan> TransferTimeAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var response = await http.GetAsync(new Uri(MyBrokerUrl), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await body.CopyToAsync(Stream.Null, cancellationToken);
        watch.Stop();
        return watch.Elapsed;
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        context.Response.ContentType = "application/json";
        if (path.StartsWith("/alerce/objects", StringComparison.Ordinal))
        {
            var page = int.TryParse(context.Request.Query["page"], CultureInfo.InvariantCulture, out var number) ? number : 1;
            await Task.Delay(PageLatency, context.RequestAborted);
            await context.Response.Body.WriteAsync(_pages[Math.Clamp(page, 1, _pages.Length) - 1], context.RequestAborted);
            return;
        }

        if (path == "/mybroker/data.json")
        {
            context.Response.ContentLength = MyBrokerBody.Length;
            await context.Response.Body.WriteAsync(MyBrokerBody, context.RequestAborted);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
    }

    private static byte[] AlercePage(int page, int pages, int pageSize)
    {
        var random = new Random(page);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{{\"total\":null,\"page\":{page},\"has_next\":{(page < pages ? "true" : "false")},\"items\":[");
        for (var i = 0; i < pageSize; i++)
        {
            var index = ((page - 1) * pageSize) + i;
            text.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture,
                $"{{\"oid\":\"ZTF26{index:x7}\",\"ndethist\":\"12\",\"ndet\":{5 + (index % 40)},\"firstmjd\":{61000 + (index / 1e4):R},\"lastmjd\":{61010 + (index / 1e4):R},"
                + $"\"meanra\":{random.NextDouble() * 360:R},\"meandec\":{(random.NextDouble() * 180) - 90:R},\"class\":\"SNIa\",\"classifier\":\"lc_classifier\",\"probability\":{random.NextDouble():R}}}");
        }

        return Encoding.UTF8.GetBytes(text.Append("]}").ToString());
    }

    /// <summary>The tutorial's shape, every alert named <see cref="TargetName"/> so the run keeps them all.</summary>
    private static byte[] MyBrokerData(int alerts)
    {
        var random = new Random(11);
        var text = new StringBuilder("[");
        for (var i = 0; i < alerts; i++)
        {
            text.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture,
                $"{{\"id\":{i + 1},\"name\":\"{TargetName}\",\"timestamp\":\"2019-07-01T{i / 3600 % 24:00}:{i / 60 % 60:00}:{i % 60:00}\",\"ra\":{random.NextDouble() * 360:R},\"dec\":{(random.NextDouble() * 180) - 90:R},\"mag\":{8 + (random.NextDouble() * 12):R},\"score\":{random.Next(100)}}}");
        }

        return Encoding.UTF8.GetBytes(text.Append(']').ToString());
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
