using System.Globalization;
using System.Runtime.CompilerServices;
using TomDashboard.Alerts;
using TomDashboard.Brokers;

namespace TomDashboard.Benchmarks;

public sealed class GeneratedParameters
{
    public int Count { get; set; } = 50_000;
}

public sealed record GeneratedAlert(long Candid, string ObjectId, double Ra, double Dec, double Mag, double Score, double Jd);

/// <summary>A broker that answers at once with many ZTF-like alerts: the cost measured is ours, not the network's.</summary>
[Broker("Generated", ScoreDescription = "Real/bogus score.")]
public sealed class GeneratedBroker : Broker<GeneratedParameters, GeneratedAlert>
{
    public override async IAsyncEnumerable<GeneratedAlert> FetchAlertsAsync(GeneratedParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var random = new Random(7);
        for (var i = 0; i < parameters.Count; i++)
        {
            if (i % 1000 == 0)
            {
                await Task.Yield();
            }

            yield return new GeneratedAlert(
                2_400_000_000_000_000_000 + i,
                "ZTF24" + i.ToString("x7", CultureInfo.InvariantCulture),
                random.NextDouble() * 360, random.NextDouble() * 180 - 90,
                15 + random.NextDouble() * 6, random.NextDouble(), 2460400.5 + i / 1e4);
        }
    }

    public override GenericAlert ToGenericAlert(GeneratedAlert alert) => new()
    {
        Id = alert.Candid.ToString(CultureInfo.InvariantCulture),
        Name = alert.ObjectId,
        Source = Name,
        Timestamp = Astronomy.AstroTime.FromJd(alert.Jd),
        Ra = alert.Ra,
        Dec = alert.Dec,
        Mag = alert.Mag,
        Score = alert.Score,
    };
}
