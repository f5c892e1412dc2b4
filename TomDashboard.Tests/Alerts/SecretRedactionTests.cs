using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TomDashboard.Alerts;
using TomDashboard.Brokers;
using TomDashboard.Brokers.Tutorial;
using TomDashboard.Hosting;
using TomDashboard.Streams;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Alerts;

public sealed class SecretRedactionTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("HTTP 401: echo Authorization: Basic Z2NuOnNlY3JldA== from the token endpoint", "Basic Z2Nu")]
    [InlineData("{\"headers\": {\"Authorization\": \"Bearer eyJhbGciOi.payload.sig\"}}", "eyJhbGciOi")]
    [InlineData("GET https://ada:hunter2hunter2@kafka.example.org/", "hunter2hunter2")]
    [InlineData("https://broker.example/data.json?apikey=K3Y-V4LU3&page=2", "K3Y-V4LU3")]
    [InlineData("https://broker.example/data.json?page=2&access_token=abc.def", "abc.def")]
    public void Echoed_headers_user_info_and_key_parameters_are_blanked(string text, string secret)
    {
        var redacted = new SecretRedaction().Redact(text);

        Assert.DoesNotContain(secret, redacted, StringComparison.Ordinal);
        Assert.Contains(SecretRedaction.Mark, redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void Ordinary_text_is_left_as_it_is()
    {
        const string text = "ZTF26abc at RA 32.000, Dec -20.0: HTTP 500 Internal Server Error; see https://fink-portal.org/ZTF26abc?tab=summary";

        Assert.Equal(text, new SecretRedaction().Redact(text));
    }

    [Fact]
    public void Configured_secrets_are_blanked_as_given_and_as_a_basic_header_carries_them()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Streams:3:Security:ClientId"] = "gcn-client",
            ["Streams:3:Security:ClientSecret"] = "s3cr3t-client-value",
            ["Brokers:Lasair:ZtfToken"] = "lasair-token-0123",
            ["Brokers:MyBroker:TimeoutSeconds"] = "30",
        }).Build();
        var redaction = new SecretRedaction();

        configuration.RememberConfiguredSecrets(redaction);
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("gcn-client:s3cr3t-client-value"));
        var text = redaction.Redact($"token endpoint said: invalid_client for {basic}; secret s3cr3t-client-value; lasair-token-0123; timeout 30");

        Assert.DoesNotContain(basic, text, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-client-value", text, StringComparison.Ordinal);
        Assert.DoesNotContain("lasair-token-0123", text, StringComparison.Ordinal);
        Assert.EndsWith("timeout 30", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stream_error_that_echoes_the_token_request_is_shown_without_its_secret()
    {
        SecretRedaction.Default.RememberPair("gcn-health-client", "health-test-secret-42");
        var health = new StreamHealth("GCN", StreamKind.Kafka, []);
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("gcn-health-client:health-test-secret-42"));

        health.Failing($"OAUTHBEARER token request failed: 401 {{\"request\": \"POST /oauth2/token\", \"echo\": \"{basic}\"}}", DateTimeOffset.UtcNow);

        var shown = health.Snapshot().LastError!;
        Assert.DoesNotContain(basic, shown, StringComparison.Ordinal);
        Assert.Contains("token request failed", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_in_the_brokers_url_is_in_no_alert_link_view_json_or_message()
    {
        await using var server = await LocalHttpServer.StartAsync(context =>
        {
            context.Response.ContentType = "application/json";
            using var reader = new StreamReader(MyBroker.OpenSampleData());
            return context.Response.WriteAsync(reader.ReadToEnd(), Cancellation);
        });
        var url = server.At("/data.json").ToString() + "?apikey=SeCrEtKeY-998877";
        using var host = BrokerHost.Build(new Dictionary<string, string?> { ["Brokers:MyBroker:Url"] = url, ["Brokers:MyBroker:Retries"] = "0" });
        var broker = host.Services.GetRequiredService<BrokerCatalog>().Create("MyBroker");

        var (alerts, _) = await BrokerHost.RunAsync(broker, new MyBrokerParameters { TargetName = "Hoth" }, Cancellation);

        Assert.Equal("/data.json?apikey=SeCrEtKeY-998877", Assert.Single(server.Requests).PathAndQuery);
        var hoth = Assert.Single(alerts);
        Assert.DoesNotContain("SeCrEtKeY", hoth.Url, StringComparison.Ordinal);
        Assert.Contains("apikey=[redacted]", hoth.Url, StringComparison.Ordinal);
        Assert.DoesNotContain("SeCrEtKeY", hoth.RawJson ?? "", StringComparison.Ordinal);

        await using var failing = await LocalHttpServer.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
            return context.Response.WriteAsync($"upstream refused GET {context.Request.Path}{context.Request.QueryString} Authorization: Token tok-777-abc", Cancellation);
        });
        using var failingHost = BrokerHost.Build(new Dictionary<string, string?> { ["Brokers:MyBroker:Url"] = failing.At("/d.json") + "?token=tok-777-abc", ["Brokers:MyBroker:Retries"] = "0" });
        var (_, feedback) = await BrokerHost.RunAsync(failingHost.Services.GetRequiredService<BrokerCatalog>().Create("MyBroker"), new MyBrokerParameters { TargetName = "Hoth" }, Cancellation);

        var message = Assert.Single(feedback).Message;
        Assert.Contains("502", message, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-777-abc", message, StringComparison.Ordinal);
    }
}
