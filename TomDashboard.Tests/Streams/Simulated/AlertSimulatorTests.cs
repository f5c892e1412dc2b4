using Microsoft.Extensions.Time.Testing;
using TomDashboard.Astronomy;
using TomDashboard.Streams.Simulated;

namespace TomDashboard.Tests.Streams.Simulated;

public sealed class AlertSimulatorTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 4, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Makes_realistic_ztf_like_alerts()
    {
        var simulator = new AlertSimulator(_time, seed: 1);
        var alerts = Enumerable.Range(0, 300).Select(_ => simulator.Next("Simulated ZTF", "ztf_simulated")).ToList();

        Assert.All(alerts, decoded =>
        {
            var alert = decoded.Alert;
            Assert.Matches("^ZTF26[a-z]{7}$", alert.Name);
            Assert.InRange(alert.Ra!.Value, 0, 360);
            Assert.InRange(alert.Dec!.Value, -90, 90);
            Assert.InRange(alert.Mag!.Value, 14, 23);
            Assert.InRange(alert.Score!.Value, 0, 1);
            Assert.InRange(_time.GetUtcNow() - alert.Timestamp!.Value, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10));
            Assert.Contains(decoded.Photometry, point => point.Timestamp == alert.Timestamp && point.Magnitude == alert.Mag);
            Assert.All(decoded.Photometry, point => Assert.Matches("^ztf[gri]$", point.Band));
            Assert.Equal(alert.Score, (double)decoded.Fields["rb"]!);
        });
        Assert.Equal(300, alerts.Select(decoded => decoded.Alert.Id).Distinct().Count());
        Assert.True(alerts.Select(decoded => decoded.Alert.Name).Distinct().Count() < 300, "some objects come back for another detection");
        Assert.Contains(alerts, decoded => decoded.Photometry.Any(point => point.Limit is not null));
        // Real/bogus scores spread from bogus to real.
        Assert.Contains(alerts, decoded => decoded.Alert.Score < 0.5);
        Assert.Contains(alerts, decoded => decoded.Alert.Score > 0.9);
    }

    [Fact]
    public void Cutouts_are_fits_images_with_the_transient_in_the_middle_of_the_difference()
    {
        var decoded = new AlertSimulator(_time, seed: 2).Next("Simulated ZTF", "ztf_simulated");

        var difference = FitsImage.Read(decoded.Cutouts!.Difference);
        var science = FitsImage.Read(decoded.Cutouts.Science);
        FitsImage.Read(decoded.Cutouts.Template);
        Assert.Equal((63, 63), (difference.Width, difference.Height));
        var brightest = Array.IndexOf(difference.Pixels, difference.Pixels.Max());
        Assert.InRange(brightest % 63, 29, 33);
        Assert.InRange(brightest / 63, 29, 33);
        Assert.True(science.Pixels.Average() > difference.Pixels.Average(), "the science image has sky and host; the difference does not");
    }

    [Fact]
    public void The_same_seed_gives_the_same_alerts()
    {
        var first = new AlertSimulator(_time, seed: 3).Next("S", "t");
        var second = new AlertSimulator(_time, seed: 3).Next("S", "t");
        Assert.Equal((first.Alert.Name, first.Alert.Ra, first.Alert.Mag), (second.Alert.Name, second.Alert.Ra, second.Alert.Mag));
    }
}
