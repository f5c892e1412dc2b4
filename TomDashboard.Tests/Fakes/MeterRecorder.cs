using System.Diagnostics.Metrics;

namespace TomDashboard.Tests.Fakes;

/// <summary>Measurements of one meter instance, as an exporter would see them.</summary>
public sealed class MeterRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, long Value, Dictionary<string, string?> Tags)> _measurements = [];
    private readonly Dictionary<string, int> _histogramRecords = new(StringComparer.Ordinal);

    public MeterRecorder(Meter meter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // This host's meter only: other tests' hosts have meters of the same name.
            if (ReferenceEquals(instrument.Meter, meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var copy = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var (key, tag) in tags)
            {
                copy[key] = tag?.ToString();
            }

            lock (_measurements)
            {
                _measurements.Add((instrument.Name, value, copy));
            }
        });
        _listener.SetMeasurementEventCallback<double>((instrument, _, _, _) =>
        {
            lock (_measurements)
            {
                _histogramRecords[instrument.Name] = _histogramRecords.GetValueOrDefault(instrument.Name) + 1;
            }
        });
        _listener.Start();
    }

    /// <summary>How many values a histogram recorded.</summary>
    public int Records(string instrument)
    {
        lock (_measurements)
        {
            return _histogramRecords.GetValueOrDefault(instrument);
        }
    }

    public void Observe() => _listener.RecordObservableInstruments();

    public long Sum(string instrument, params (string Key, string Value)[] tags) => Matching(instrument, tags).Sum(each => each.Value);

    public long Last(string instrument, params (string Key, string Value)[] tags) => Matching(instrument, tags).Last().Value;

    public void Dispose() => _listener.Dispose();

    private List<(string Instrument, long Value, Dictionary<string, string?> Tags)> Matching(string instrument, (string Key, string Value)[] tags)
    {
        lock (_measurements)
        {
            return [.. _measurements.Where(each => each.Instrument == instrument && tags.All(tag => each.Tags.GetValueOrDefault(tag.Key) == tag.Value))];
        }
    }
}
