using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using TomDashboard.Alerts;
using TomDashboard.Hosting;
using TomDashboard.Streams;
using TomDashboard.Tests.EndToEnd;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Alerts;

/// <summary>
/// The app with a secret in every credential setting, its log raised to Debug (Trace for HttpClient and the resilience
/// pipeline) into a <see cref="LogCapture"/>, and every remote side pointed at one local server that refuses and echoes
/// what it was sent: the URL with its query, the Authorization header, the body, and the query parameters as JSON.
/// MyBroker's URL carries an apikey, Lasair sends its token header, the GCN stream asks the server for an OAuth token
/// with its client secret, and the Hopskotch stream holds a SASL password for a broker that is not there.
/// </summary>
public sealed class SecretEchoServer : DashboardServer
{
    public const string MyBrokerKey = "mybroker-APIKEY-5be7c3d1e9";
    public const string LasairToken = "lasair-TOKEN-4f1d9a7c+e2/b8";
    public const string GcnClientId = "tomdash-gcn-client";
    public const string GcnClientSecret = "gcn-SECRET-8d1e+f0/a9=zq7";
    public const string KafkaUser = "scimma-tomdash";
    public const string KafkaPassword = "kafka-PASSWORD-19ab+/cd&e=f";

    // Streams in appsettings.json: 0 is the simulated one, 4 Hopskotch (SASL/SCRAM), 5 GCN (OAuth client credentials).
    public const string HopskotchStream = "Hopskotch";
    public const string GcnStream = "GCN";

    private LocalHttpServer? _echo;
    private readonly int _closedPort = ClosedPort();

    public LocalHttpServer Echo => _echo!;

    public LogCapture Log { get; } = new();

    /// <summary>Each secret with the name that travels with it in a Basic header, if any.</summary>
    public static IReadOnlyList<(string Setting, string Secret, string? Name)> Secrets =>
    [
        ("Brokers:MyBroker:Url (apikey)", MyBrokerKey, null),
        ("Brokers:Lasair:ZtfToken", LasairToken, null),
        ("Streams:GCN:Security:ClientSecret", GcnClientSecret, GcnClientId),
        ("Streams:Hopskotch:Security:Password", KafkaPassword, KafkaUser),
    ];

    private string Root => Echo.Address.ToString().TrimEnd('/');

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        // Only this test's sink is raised, so the console stays as it is.
        ["Logging:LogCapture:LogLevel:Default"] = "Debug",
        ["Logging:LogCapture:LogLevel:System.Net.Http"] = "Trace",
        ["Logging:LogCapture:LogLevel:Microsoft.Extensions.Http"] = "Trace",
        ["Logging:LogCapture:LogLevel:Polly"] = "Trace",
        ["Logging:LogCapture:LogLevel:TomDashboard"] = "Trace",
        ["Streams:0:Active"] = "false",

        ["Brokers:MyBroker:Url"] = $"{Root}/mybroker/data.json?apikey={MyBrokerKey}",
        ["Brokers:MyBroker:Retries"] = "0",
        ["Brokers:Lasair:ZtfBaseUrl"] = $"{Root}/lasair/api",
        ["Brokers:Lasair:ZtfToken"] = LasairToken,
        ["Brokers:Lasair:Retries"] = "0",

        ["Streams:4:Active"] = "true",
        ["Streams:4:BootstrapServers"] = $"127.0.0.1:{_closedPort}",
        ["Streams:4:GroupId"] = "tomdashboard-secret-scan",
        ["Streams:4:Security:Username"] = KafkaUser,
        ["Streams:4:Security:Password"] = KafkaPassword,
        ["Streams:4:Kafka:debug"] = "security,broker",

        ["Streams:5:Active"] = "true",
        ["Streams:5:BootstrapServers"] = $"127.0.0.1:{_closedPort}",
        ["Streams:5:Security:ClientId"] = GcnClientId,
        ["Streams:5:Security:ClientSecret"] = GcnClientSecret,
        ["Streams:5:Security:TokenEndpoint"] = $"{Root}/oauth2/token",
        ["Streams:5:Kafka:debug"] = "security",
    };

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(Log);

    protected override async Task BeforeStartAsync() => _echo = await LocalHttpServer.StartAsync(async context =>
    {
        var request = context.Request;
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var authorization = request.Headers.Authorization.ToString();
        var parameters = new JsonObject();
        foreach (var (key, value) in request.Query)
        {
            parameters[key] = value.ToString();
        }

        // The broker's page quotes the first 300 characters: the JSON echo comes first.
        var echo = new JsonObject { ["params"] = parameters, ["authorization"] = authorization, ["body"] = body };
        context.Response.StatusCode = request.Path.StartsWithSegments("/mybroker") ? StatusCodes.Status500InternalServerError : StatusCodes.Status401Unauthorized;
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(
            $"Refused. You sent {echo.ToJsonString()} to {request.Method} {request.Scheme}://{request.Host}{request.Path}{request.QueryString}. Authorization: {authorization}",
            context.RequestAborted);
    });

    protected override async ValueTask AfterStopAsync()
    {
        if (_echo is not null)
        {
            await _echo.DisposeAsync();
        }
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

public sealed class SecretLogScanTests(SecretEchoServer server) : IClassFixture<SecretEchoServer>
{
    [Fact]
    public async Task No_secret_reaches_the_log_or_a_page_when_the_remote_side_echoes_what_it_was_sent()
    {
        var pages = new List<(string Where, string Text)>();
        var page = await server.NewPageAsync();

        // MyBroker: its URL's apikey goes to a server that answers 500 with everything echoed.
        await page.GotoAsync("alerts/query/list");
        await page.GetByRole(AriaRole.Link, new() { Name = "Create MyBroker query" }).ClickAsync();
        await page.GetByLabel("Query name").FillAsync("Secret scan MyBroker");
        await page.GetByLabel("Target name").FillAsync("Tatooine");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and run" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("broker-feedback")).ToContainTextAsync("MyBroker answered with an error (HTTP 500 Internal Server Error). It said: Refused.");
        await Assertions.Expect(page.GetByTestId("broker-feedback")).ToContainTextAsync("/mybroker/data.json?apikey=");
        pages.Add(("the MyBroker run page", await PageTextAsync(page)));

        // Lasair: the token header goes to a server that answers 401 with it echoed.
        await page.GotoAsync("alerts/query/list");
        await page.GetByRole(AriaRole.Link, new() { Name = "Create Lasair query" }).ClickAsync();
        await page.GetByLabel("Query name").FillAsync("Secret scan Lasair");
        await page.GetByLabel("Object RA").FillAsync("280");
        await page.GetByLabel("Object Dec").FillAsync("-5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and run" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("broker-feedback")).ToContainTextAsync("Lasair refused the request (HTTP 401 Unauthorized)");
        await Assertions.Expect(page.GetByTestId("broker-feedback")).ToContainTextAsync("It said: Refused.");
        pages.Add(("the Lasair run page", await PageTextAsync(page)));

        // The streams: GCN's token request is refused; Hopskotch cannot reach its broker. Both report it.
        var health = server.Services.GetRequiredService<StreamHealthRegistry>();
        await Eventually.HoldsAsync(
            () => Task.FromResult(health.Snapshot().Where(each => each.Name is SecretEchoServer.GcnStream or SecretEchoServer.HopskotchStream).Count(each => each.LastError is not null) == 2),
            "both Kafka streams reported an error");
        await Eventually.HoldsAsync(() => Task.FromResult(server.Echo.Requests.Any(request => request.PathAndQuery.StartsWith("/oauth2/token", StringComparison.Ordinal))), "GCN asked for a token");
        await page.GotoAsync("alerts/streams");
        await Assertions.Expect(page.GetByText("Last error").First).ToBeVisibleAsync();
        pages.Add(("the streams page", await PageTextAsync(page)));

        // The secrets really went out (so the echoes carried them), and the failures really were logged at the levels asked.
        var requests = server.Echo.Requests.ToList();
        Assert.Contains(requests, request => request.PathAndQuery.Contains($"apikey={SecretEchoServer.MyBrokerKey}", StringComparison.Ordinal));
        Assert.Contains(requests, request => request.Headers.GetValueOrDefault("Authorization") == $"Token {SecretEchoServer.LasairToken}");
        Assert.Contains(requests, request => request.PathAndQuery.StartsWith("/oauth2/token", StringComparison.Ordinal)
            && request.Headers.GetValueOrDefault("Authorization") == "Basic " + Base64($"{SecretEchoServer.GcnClientId}:{SecretEchoServer.GcnClientSecret}"));
        var log = server.Log.Entries.ToList();
        Assert.Contains(log, entry => entry.Message.Contains("MyBroker reported", StringComparison.Ordinal));
        Assert.Contains(log, entry => entry.Message.Contains("Lasair reported", StringComparison.Ordinal));
        Assert.Contains(log, entry => entry.Level == LogLevel.Trace && entry.Category.StartsWith("System.Net.Http.HttpClient", StringComparison.Ordinal));
        Assert.Contains(log, entry => entry.Level == LogLevel.Debug && entry.Message.StartsWith("librdkafka", StringComparison.Ordinal));

        var leaks = new List<string>();
        foreach (var (setting, secret, name) in SecretEchoServer.Secrets)
        {
            foreach (var (form, text) in Forms(secret, name))
            {
                leaks.AddRange(log.Where(entry => entry.Text.Contains(text, StringComparison.Ordinal))
                    .Select(entry => $"{setting} ({form}) in the log: {Excerpt(entry.Text, text)}"));
                leaks.AddRange(pages.Where(shown => shown.Text.Contains(text, StringComparison.Ordinal))
                    .Select(shown => $"{setting} ({form}) on {shown.Where}: {Excerpt(shown.Text, text)}"));
            }
        }

        Assert.True(leaks.Count == 0, $"{leaks.Count} leaks in {log.Count} log entries and {pages.Count} pages:\n{string.Join("\n", leaks.Distinct().Take(30))}");
    }

    [Fact]
    public void A_key_or_password_inside_a_configured_url_is_blanked_in_whatever_shape_an_echo_quotes_it()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Brokers:MyBroker:Url"] = "https://broker.example/data.json?page=2&apikey=K3Y%2Bvalue-77&format=json",
            ["Brokers:Other:Url"] = "https://ada:p%40ssword-99@broker.example/",
            ["Brokers:Plain:Url"] = "https://broker.example/data.json?page=2",
        }).Build();
        var redaction = new SecretRedaction();

        configuration.RememberConfiguredSecrets(redaction);
        var text = redaction.Redact("""{"params": {"apikey": "K3Y+value-77", "raw": "K3Y%2Bvalue-77"}, "user": "ada", "password": "p@ssword-99", "page": "2", "format": "json"}""");

        Assert.DoesNotContain("K3Y", text, StringComparison.Ordinal);
        Assert.DoesNotContain("p@ssword-99", text, StringComparison.Ordinal);
        Assert.Contains("\"page\": \"2\", \"format\": \"json\"", text, StringComparison.Ordinal);
        Assert.Contains("\"user\": \"ada\"", text, StringComparison.Ordinal);
    }

    /// <summary>The forms a secret travels in: as given, base64, URL-encoded, and base64 of <c>name:secret</c> (a Basic header).</summary>
    private static IEnumerable<(string Form, string Text)> Forms(string secret, string? name)
    {
        yield return ("plain", secret);
        yield return ("base64", Base64(secret));
        yield return ("base64 unpadded", Base64(secret).TrimEnd('='));
        yield return ("URL-encoded", Uri.EscapeDataString(secret));
        yield return ("form-encoded", WebUtility.UrlEncode(secret));
        if (name is not null)
        {
            yield return ("base64 of name:secret", Base64($"{name}:{secret}"));
            yield return ("base64 of name:secret, unpadded", Base64($"{name}:{secret}").TrimEnd('='));
            yield return ("URL-encoded base64 of name:secret", Uri.EscapeDataString(Base64($"{name}:{secret}")));
        }
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    /// <summary>The page's markup (attributes included) and its text as shown.</summary>
    private static async Task<string> PageTextAsync(IPage page) => await page.ContentAsync() + "\n" + await page.InnerTextAsync("body");

    private static string Excerpt(string text, string found)
    {
        var at = text.IndexOf(found, StringComparison.Ordinal);
        var start = Math.Max(0, at - 120);
        return text.Substring(start, Math.Min(text.Length - start, found.Length + 240)).ReplaceLineEndings(" ");
    }
}
