using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TomDashboard.Brokers;
using TomDashboard.Brokers.Fink;
using TomDashboard.Hosting;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Brokers.Fink;

/// <summary>Fink's answer is read row by row as it arrives, not parsed whole first.</summary>
public sealed class FinkStreamingTests
{
    private static readonly CancellationToken Cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Yields_the_first_row_before_the_answer_has_finished_arriving_with_its_text_as_sent()
    {
        var rows = JsonNode.Parse(Fixtures.Text(FakeFink.SkyPortalFixture))!.AsArray();
        // Indented, as no serialiser would write it back: View must show these very bytes.
        var first = rows[0]!.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LocalHttpServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($"[{first},", Cancellation);
            await context.Response.Body.FlushAsync(Cancellation);
            await release.Task.WaitAsync(Cancellation);
            await context.Response.WriteAsync($"{rows[1]!.ToJsonString()}]", Cancellation);
        });
        using var host = BrokerHost.Build(
            new Dictionary<string, string?> { ["Brokers:Fink:ZtfBaseUrl"] = new Uri(server.Address, "ztf").ToString(), ["Brokers:Fink:Retries"] = "0" },
            builder => builder.Services.AddBroker<FinkBroker, FinkOptions>(builder.Configuration));
        var broker = host.Services.GetRequiredService<BrokerCatalog>().Create("Fink");

        await using var results = BrokerHost.ResultsAsync(broker, new FinkParameters { ObjectIds = "ZTF21abfmbix" }, Cancellation).GetAsyncEnumerator(Cancellation);

        // The second row is held back until the first alert is out.
        Assert.True(await results.MoveNextAsync().AsTask().WaitAsync(Waits.Patiently, Cancellation));
        Assert.False(release.Task.IsCompleted);
        // View shows the row's own text as Fink sent it, not the columns written out again.
        Assert.Equal(first, Assert.IsType<AlertReceived>(results.Current).Alert.RawJson);
        release.SetResult();
        Assert.True(await results.MoveNextAsync());
        Assert.IsType<AlertReceived>(results.Current);
        Assert.False(await results.MoveNextAsync());
    }
}
