using System.Globalization;
using System.Text.Json;
using TomDashboard.Alerts;
using TomDashboard.Astronomy;
using TomDashboard.Brokers;
using TomDashboard.Streams.Decoders;
using TomDashboard.Targets;

namespace TomDashboard.Streams.Simulated;

/// <summary>
/// Makes realistic ZTF-like alerts without a network: sky positions, magnitudes with errors, bands, light-curve
/// histories, real/bogus scores and small synthetic cutouts. Some objects come back for another detection.
/// </summary>
public sealed class AlertSimulator(TimeProvider time, int? seed = null)
{
    private const int CutoutSize = 63;
    private static readonly string[] Bands = ["ztfg", "ztfr", "ztfi"];
    private readonly Random _random = seed is { } fixedSeed ? new Random(fixedSeed) : new Random();
    private readonly List<SimulatedObject> _objects = [];
    private long _candid = 3_000_000_000_000_000_000;

    public DecodedAlert Next(string stream, string topic)
    {
        var now = time.GetUtcNow();
        var source = PickObject(now);
        var band = Bands[_random.Next(Bands.Length)];
        // ZTF alerts reach brokers some minutes after the exposure.
        var observed = now - TimeSpan.FromSeconds(60 + _random.Next(0, 540));
        var magnitude = Math.Round(source.Magnitude + Gaussian(0, 0.15), 3);
        var error = Math.Round(0.015 + 0.25 * Math.Pow(10, 0.4 * (magnitude - 21.5)), 3);
        var realBogus = Math.Round(Math.Clamp(source.IsReal ? 1 - Math.Abs(Gaussian(0, 0.12)) : Math.Abs(Gaussian(0.15, 0.15)), 0, 1), 3);
        var limit = Math.Round(20.6 + Gaussian(0, 0.25), 2);
        var candid = Interlocked.Increment(ref _candid);
        var fid = Array.IndexOf(Bands, band) + 1;

        var history = History(source, observed);
        var photometry = history.Append(new PhotometryPoint { Timestamp = observed, Band = band, Magnitude = magnitude, MagnitudeError = error, Source = "Simulated" })
            .OrderBy(point => point.Timestamp).ToList();
        source.Detections++;

        var fields = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["objectId"] = source.Name,
            ["candid"] = candid,
            ["jd"] = AstroTime.ToJd(observed),
            ["fid"] = fid,
            ["ra"] = source.Ra,
            ["dec"] = source.Dec,
            ["magpsf"] = magnitude,
            ["sigmapsf"] = error,
            ["diffmaglim"] = limit,
            ["rb"] = realBogus,
            ["drb"] = realBogus,
            ["isdiffpos"] = "t",
            ["ndethist"] = source.Detections,
        };

        var alert = new GenericAlert
        {
            Id = candid.ToString(CultureInfo.InvariantCulture),
            Name = source.Name,
            Source = stream,
            Topic = topic,
            Timestamp = observed,
            Ra = source.Ra,
            Dec = source.Dec,
            Mag = magnitude,
            Score = realBogus,
            RawJson = JsonSerializer.Serialize(new
            {
                objectId = source.Name,
                candid = candid.ToString(CultureInfo.InvariantCulture),
                simulated = true,
                candidate = fields.Where(field => field.Key is not ("objectId" or "candid")).ToDictionary(field => field.Key, field => field.Value),
                prv_candidates = history.Select(point => new { jd = AstroTime.ToJd(point.Timestamp), band = point.Band, magpsf = point.Magnitude, sigmapsf = point.MagnitudeError, diffmaglim = point.Limit }),
            }, JsonOptions),
        };

        return new DecodedAlert
        {
            Alert = alert,
            Photometry = photometry,
            Cutouts = Cutouts(magnitude, source.IsReal),
            Fields = fields,
            Target = TargetDraft.FromAlert(alert),
        };
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    private SimulatedObject PickObject(DateTimeOffset now)
    {
        if (_objects.Count > 0 && _random.NextDouble() < 0.25)
        {
            return _objects[_random.Next(_objects.Count)];
        }

        var simulated = new SimulatedObject(
            Name: $"ZTF{now.Year % 100:00}{RandomLetters(7)}",
            Ra: Math.Round(_random.NextDouble() * 360, 6),
            Dec: Math.Round(Math.Asin(2 * _random.NextDouble() - 1) * 180 / Math.PI, 6),
            Magnitude: 16 + _random.NextDouble() * 4.8,
            IsReal: _random.NextDouble() < 0.8,
            FirstSeen: now - TimeSpan.FromDays(_random.NextDouble() * 20));
        if (_objects.Count >= 500)
        {
            _objects.RemoveAt(0);
        }

        _objects.Add(simulated);
        return simulated;
    }

    private List<PhotometryPoint> History(SimulatedObject source, DateTimeOffset observed)
    {
        var points = new List<PhotometryPoint>();
        var count = _random.Next(0, 12);
        for (var i = 0; i < count; i++)
        {
            var when = observed - TimeSpan.FromDays(0.5 + _random.NextDouble() * 29);
            var band = Bands[_random.Next(2)];
            if (when < source.FirstSeen)
            {
                points.Add(new PhotometryPoint { Timestamp = when, Band = band, Limit = Math.Round(20.4 + Gaussian(0, 0.3), 2), Source = "Simulated" });
            }
            else
            {
                var magnitude = Math.Round(source.Magnitude + 0.03 * (observed - when).TotalDays + Gaussian(0, 0.1), 3);
                points.Add(new PhotometryPoint { Timestamp = when, Band = band, Magnitude = magnitude, MagnitudeError = 0.05, Source = "Simulated" });
            }
        }

        return points;
    }

    /// <summary>Template (sky and a host), science (template plus the transient) and their difference, as FITS.</summary>
    private AlertCutouts Cutouts(double magnitude, bool isReal)
    {
        var template = new float[CutoutSize * CutoutSize];
        var science = new float[CutoutSize * CutoutSize];
        var difference = new float[CutoutSize * CutoutSize];
        var flux = 4000 * Math.Pow(10, -0.4 * (magnitude - 18));
        var (hostX, hostY) = (CutoutSize / 2 + _random.Next(-6, 7), CutoutSize / 2 + _random.Next(-6, 7));
        var center = CutoutSize / 2.0;
        for (var y = 0; y < CutoutSize; y++)
        {
            for (var x = 0; x < CutoutSize; x++)
            {
                var host = 300 * Math.Exp(-(Square(x - hostX) + Square(y - hostY)) / (2 * Square(4.5)));
                // A bogus detection is a sharp artefact rather than a seeing-limited point source.
                var width = isReal ? 1.8 : 0.6;
                var transient = flux / (2 * Math.PI * Square(width)) * Math.Exp(-(Square(x - center) + Square(y - center)) / (2 * Square(width)));
                var index = y * CutoutSize + x;
                template[index] = (float)(100 + host + Gaussian(0, 8));
                science[index] = (float)(100 + host + transient + Gaussian(0, 10));
                difference[index] = (float)(transient + Gaussian(0, 12));
            }
        }

        return new AlertCutouts(
            new FitsImage(CutoutSize, CutoutSize, science).ToFits(),
            new FitsImage(CutoutSize, CutoutSize, template).ToFits(),
            new FitsImage(CutoutSize, CutoutSize, difference).ToFits());
    }

    private string RandomLetters(int count)
    {
        Span<char> letters = stackalloc char[count];
        for (var i = 0; i < count; i++)
        {
            letters[i] = (char)('a' + _random.Next(26));
        }

        return new string(letters);
    }

    private double Gaussian(double mean, double sigma)
    {
        // Box–Muller.
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return mean + sigma * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static double Square(double value) => value * value;

    private sealed record SimulatedObject(string Name, double Ra, double Dec, double Magnitude, bool IsReal, DateTimeOffset FirstSeen)
    {
        public int Detections { get; set; }
    }
}
