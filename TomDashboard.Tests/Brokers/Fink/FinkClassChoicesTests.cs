using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TomDashboard.Brokers;
using TomDashboard.Brokers.Fink;
using TomDashboard.Brokers.Forms;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Brokers.Fink;

public sealed class FinkClassChoicesTests : IAsyncLifetime
{
    private static readonly CancellationToken Cancellation = TestContext.Current.CancellationToken;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 22, 15, 0, TimeSpan.Zero));
    private FakeFink _fink = default!;

    public async ValueTask InitializeAsync() => _fink = await FakeFink.StartAsync();

    public ValueTask DisposeAsync() => _fink.DisposeAsync();

    [Fact]
    public async Task The_classes_come_from_the_ztf_host_flattened_in_fink_order()
    {
        using var host = _fink.BuildHost(time: _time);

        var load = await host.Services.GetRequiredService<ChoiceLoader>().LoadAsync(FinkClassChoices.Key, Cancellation);

        Assert.Null(load.Note);
        Assert.Equal(
            ["Early SN Ia candidate", "Kilonova candidate", "SN candidate", "Solar System MPC", "(TNS) SN Ia", "(TNS) SN Ic-BL", "(SIMBAD) QSO", "(SIMBAD) RRLyr"],
            load.Choices.Select(choice => choice.Value));
        Assert.All(load.Choices, choice => Assert.Equal(choice.Value, choice.Label));
        var call = Assert.Single(_fink.Calls);
        Assert.Equal(("GET", "/ztf/api/v1/classes"), (call.Method, call.Path));
    }

    [Fact]
    public async Task The_classes_are_kept_for_the_configured_hours_then_asked_for_again()
    {
        using var host = _fink.BuildHost(time: _time, choicesCacheHours: 2);
        var loader = host.Services.GetRequiredService<ChoiceLoader>();

        await loader.LoadAsync(FinkClassChoices.Key, Cancellation);
        _time.Advance(TimeSpan.FromHours(1.99));
        _fink.ClassesAnswer = """{"Fink classifiers": ["Microlensing candidate"]}""";
        var cached = await loader.LoadAsync(FinkClassChoices.Key, Cancellation);

        Assert.Single(_fink.CallsTo("/ztf/api/v1/classes"));
        Assert.Equal(8, cached.Choices.Count);

        _time.Advance(TimeSpan.FromHours(0.02));
        var refreshed = await loader.LoadAsync(FinkClassChoices.Key, Cancellation);

        Assert.Equal(2, _fink.CallsTo("/ztf/api/v1/classes").Count);
        Assert.Equal(["Microlensing candidate"], refreshed.Choices.Select(choice => choice.Value));
    }

    [Fact]
    public async Task The_default_lifetime_is_a_day_and_a_failed_refresh_keeps_the_last_list()
    {
        using var host = _fink.BuildHost(time: _time);
        var loader = host.Services.GetRequiredService<ChoiceLoader>();
        await loader.LoadAsync(FinkClassChoices.Key, Cancellation);

        _time.Advance(TimeSpan.FromHours(23.9));
        await loader.LoadAsync(FinkClassChoices.Key, Cancellation);
        Assert.Single(_fink.CallsTo("/ztf/api/v1/classes"));

        _time.Advance(TimeSpan.FromHours(0.2));
        _fink.Faults["/ztf/api/v1/classes"] = BrokerFault.ServerError;
        var afterFailure = await loader.LoadAsync(FinkClassChoices.Key, Cancellation);

        Assert.Equal(2, _fink.CallsTo("/ztf/api/v1/classes").Count);
        Assert.Null(afterFailure.Note);
        Assert.Equal(8, afterFailure.Choices.Count);
    }

    [Fact]
    public void A_plain_list_of_names_is_read_too()
    {
        using var json = JsonDocument.Parse("""["SN candidate", " Kilonova candidate ", "SN candidate", ""]""");

        Assert.Equal(["SN candidate", "Kilonova candidate"], FinkClassChoices.Read(json.RootElement).Select(choice => choice.Value));
    }

    [Theory]
    [InlineData("""{"Fink classifiers": "SN candidate"}""", "the group \"Fink classifiers\" of its classes is not a list of names")]
    [InlineData("""{"Fink classifiers": ["SN candidate", 3]}""", "the group \"Fink classifiers\" of its classes is not a list of names")]
    [InlineData("\"SN candidate\"", "its list of classes is neither groups of names nor a list of names")]
    public void Other_shapes_are_refused_with_what_is_wrong(string body, string message)
    {
        using var json = JsonDocument.Parse(body);

        var refused = Assert.Throws<BrokerResponseException>(() => FinkClassChoices.Read(json.RootElement));

        Assert.Equal(message, refused.Message);
    }
}
