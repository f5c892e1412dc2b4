using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using TomDashboard.Alerts;
using TomDashboard.Brokers;
using TomDashboard.Streams;
using TomDashboard.Streams.Decoders;
using TomDashboard.Streams.Live;

namespace TomDashboard.Benchmarks;

/// <summary>
/// The stream hot path: decoding a real ZTF packet (Avro with cached schema, JSON for View, three gunzipped
/// stamps), and fanning one alert out to many open Live pages.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class StreamBenchmarks
{
    private readonly ZtfAvroDecoder _decoder = new();
    private StreamEnvelope _envelope = default!;
    private LiveAlertHub _hub = default!;
    private List<LiveSubscription> _pages = [];
    private GenericAlert _alert = default!;

    [Params(10)]
    public int OpenLivePages { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        using var stream = typeof(StreamBenchmarks).Assembly.GetManifestResourceStream("ztf.avro")!;
        using var bytes = new MemoryStream();
        await stream.CopyToAsync(bytes);
        _envelope = new StreamEnvelope { Stream = "ZTF", Topic = "ztf_bench", ReceivedAt = DateTimeOffset.UtcNow, Value = bytes.ToArray() };
        _alert = (await _decoder.DecodeAsync(_envelope, CancellationToken.None))[0].Alert;
        _hub = new LiveAlertHub(Options.Create(new LiveOptions { BufferCapacity = 2_000 }));
        _pages = [.. Enumerable.Range(0, OpenLivePages).Select(_ => _hub.Subscribe())];
    }

    [GlobalCleanup]
    public void Cleanup() => _pages.ForEach(page => page.Dispose());

    [Benchmark(Description = "Decode a ZTF packet")]
    public async Task<int> DecodeZtf() => (await _decoder.DecodeAsync(_envelope, CancellationToken.None)).Count;

    [Benchmark(Description = "Publish 1 alert to the Live pages")]
    public long Publish()
    {
        _hub.Publish(_alert);
        // Pages that never read keep only their newest BufferCapacity alerts: the hub never waits for them.
        return _hub.Published;
    }
}
