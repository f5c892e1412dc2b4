using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TomDashboard.Alerts;
using TomDashboard.Astronomy;
using TomDashboard.Streams;
using TomDashboard.Streams.Decoders;
using TomDashboard.Targets;

namespace TomDashboard.Benchmarks.Suite;

/// <summary>
/// The target writer's own speed (metric 2's share), the cone duplicate check among a million targets (metric 6) and
/// bulk creation against 10^5 targets with known duplicates (metric 7), each beside its baseline in the same run.
/// </summary>
public sealed class TargetsSection : ISuiteSection
{
    private const int BatchSize = 1_000;
    private const double RadiusArcsec = 2;

    public string Name => "targets";

    public async Task<IReadOnlyList<SuiteRow>> RunAsync(SuiteSettings settings, CancellationToken cancellationToken)
    {
        var rows = new List<SuiteRow>();
        rows.AddRange(await WriterRowsAsync(Math.Min(settings.Messages, 5_000), cancellationToken));
        rows.AddRange(await BulkRowsAsync(cancellationToken));
        rows.AddRange(await ConeRowsAsync(cancellationToken));
        return rows;
    }

    /// <summary>Decoded ZTF packets (stamps and light curve included) through WriteBatchAsync, against one at a time.</summary>
    private static async Task<IReadOnlyList<SuiteRow>> WriterRowsAsync(int messages, CancellationToken cancellationToken)
    {
        var batched = new List<double>();
        var single = new List<double>();
        for (var run = 0; run < 3; run++)
        {
            await using (var sky = await TargetsSky.CreateAsync(cancellationToken))
            {
                var writer = sky.Services.GetRequiredService<TargetWriter>();
                var elapsed = TimeSpan.Zero;
                var (points, stamps) = (0, 0);
                foreach (var batch in ZtfPackets.Distinct(messages, seed: 100 + run).Chunk(BatchSize))
                {
                    var submissions = await SubmissionsAsync(batch, cancellationToken);
                    var clock = Stopwatch.StartNew();
                    var outcomes = await writer.WriteBatchAsync(submissions, cancellationToken);
                    elapsed += clock.Elapsed;
                    Expect(outcomes.Count(outcome => outcome is TargetCreated) == submissions.Count, "every distinct packet creates its target");
                    points += outcomes.OfType<TargetCreated>().Sum(created => created.PhotometryCount);
                    stamps += submissions.Sum(submission => submission.Cutouts is { } cutouts ? new[] { cutouts.Science, cutouts.Template, cutouts.Difference }.Count(stamp => stamp is not null) : 0);
                }

                await using (var database = await sky.Factory.CreateDbContextAsync(cancellationToken))
                {
                    Expect(points > 0 && await database.Photometry.CountAsync(cancellationToken) == points, "every packet's light curve is stored");
                    Expect(stamps > 0 && await database.TargetCutouts.CountAsync(cancellationToken) == stamps, "every packet's stamps are stored");
                }

                batched.Add(messages / elapsed.TotalSeconds);
            }

            await using (var sky = await TargetsSky.CreateAsync(cancellationToken))
            {
                var writer = sky.Services.GetRequiredService<TargetWriter>();
                var submissions = await SubmissionsAsync([.. ZtfPackets.Distinct(300, seed: 200 + run)], cancellationToken);
                var clock = Stopwatch.StartNew();
                foreach (var submission in submissions)
                {
                    await writer.WriteAsync(submission, DuplicatePolicy.MergeIntoMatch, cancellationToken);
                }

                single.Add(submissions.Count / clock.Elapsed.TotalSeconds);
            }

            Console.WriteLine($"run {run + 1}: WriteBatchAsync {batched[^1]:N0}/s, WriteAsync one by one {single[^1]:N0}/s");
        }

        var batchRate = SuiteStatistics.Median(batched);
        var singleRate = SuiteStatistics.Median(single);
        return
        [
            new("Target writer alone, one at a time (ZTF packets with stamps and light curve)", singleRate, "msg/s", null, null, "baseline", null),
            new($"Target writer alone, WriteBatchAsync of {BatchSize:N0} ({messages:N0} ZTF packets)", batchRate, "msg/s", singleRate, "one at a time",
                "≥ 3,000 msg/s (a third of the 1,000/s ingest budget)", batchRate >= 3_000),
        ];
    }

    private static async Task<List<TargetSubmission>> SubmissionsAsync(IEnumerable<byte[]> packets, CancellationToken cancellationToken)
    {
        var decoder = new ZtfAvroDecoder();
        var submissions = new List<TargetSubmission>();
        foreach (var packet in packets)
        {
            var decoded = await decoder.DecodeAsync(new StreamEnvelope { Stream = "Bench", Topic = "bench", ReceivedAt = DateTimeOffset.UtcNow, Value = packet }, cancellationToken);
            submissions.AddRange(decoded.Select(alert => alert.ToSubmission()));
        }

        return submissions;
    }

    /// <summary>
    /// 10,000 alerts against 10^5 targets on a lattice: 7,000 new objects, 1,500 within 1″ of a stored target under a
    /// new name, 500 with a stored target's name, and 1,000 later sightings (1″ off, another name) of the new objects.
    /// So 7,000 must be created and 3,000 merged, 2,000 of them into stored targets.
    /// </summary>
    private static async Task<IReadOnlyList<SuiteRow>> BulkRowsAsync(CancellationToken cancellationToken)
    {
        const int stored = 100_000;
        const int lattice = 110_000;
        await using var sky = await TargetsSky.CreateAsync(cancellationToken);
        // Lattice points 1 to 10 of every 11 are stored; every 11th is free for the new objects.
        await sky.SeedAsync(stored, i => $"seed{i:D6}", i => TargetsSky.Lattice(StoredLatticeIndex(i), lattice), cancellationToken);
        var storedIds = await StoredIdsAsync(sky, cancellationToken);
        var writer = sky.Services.GetRequiredService<TargetWriter>();
        var random = new Random(5);

        var fresh = Enumerable.Range(0, 7_000).Select(i => Alert($"BULK-N-{i:D5}", TargetsSky.Lattice(i * 11, lattice))).ToList();
        var nearStored = Enumerable.Range(0, 1_500).Select(i => Alert($"BULK-P-{i:D5}", Offset(TargetsSky.Lattice(StoredLatticeIndex(i * 60), lattice), 1.0, random))).ToList();
        var sameName = Enumerable.Range(0, 500).Select(i => Alert($"seed{(i * 60) + 7:D6}", TargetsSky.Lattice(StoredLatticeIndex((i * 60) + 7), lattice))).ToList();
        var again = Enumerable.Range(0, 1_000).Select(i => Alert($"BULK-R-{i:D5}", Offset(TargetsSky.Lattice(i * 7 * 11, lattice), 1.0, random))).ToList();
        // Shuffled, but each later sighting comes after its object's first (in another batch or the same).
        var alerts = fresh.Concat(nearStored).Concat(sameName).OrderBy(_ => random.Next()).ToList();
        foreach (var (sighting, i) in again.Select((sighting, i) => (sighting, i)))
        {
            var first = alerts.IndexOf(fresh[i * 7]);
            alerts.Insert(random.Next(first + 1, Math.Min(alerts.Count, first + 1_500) + 1), sighting);
        }

        var clock = Stopwatch.StartNew();
        var outcomes = new List<TargetCreation>();
        foreach (var batch in alerts.Chunk(BatchSize))
        {
            outcomes.AddRange(await writer.WriteBatchAsync(batch, cancellationToken));
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var created = outcomes.Count(outcome => outcome is TargetCreated);
        var merged = outcomes.OfType<TargetMerged>().ToList();
        var intoStored = merged.Count(merge => storedIds.Contains(merge.TargetId));
        await using var database = await sky.Factory.CreateDbContextAsync(cancellationToken);
        var total = await database.Targets.CountAsync(cancellationToken);
        var exact = created == 7_000 && merged.Count == 3_000 && intoStored == 2_000 && total == stored + 7_000;
        Console.WriteLine($"bulk: {seconds:N2} s, created {created:N0}, merged {merged.Count:N0} ({intoStored:N0} into stored), targets {total:N0}");

        // The click path, one at a time, on the first 500 of the same alerts (on top of what the bulk run stored).
        await using var baselineSky = await TargetsSky.CreateAsync(cancellationToken);
        await baselineSky.SeedAsync(stored, i => $"seed{i:D6}", i => TargetsSky.Lattice(StoredLatticeIndex(i), lattice), cancellationToken);
        var baselineWriter = baselineSky.Services.GetRequiredService<TargetWriter>();
        var sample = alerts.Take(500).ToList();
        var single = Stopwatch.StartNew();
        foreach (var alert in sample)
        {
            await baselineWriter.WriteAsync(alert, DuplicatePolicy.MergeIntoMatch, cancellationToken);
        }

        var singleSeconds = single.Elapsed.TotalSeconds * alerts.Count / sample.Count;
        return
        [
            new("Bulk creation one at a time, 10,000 alerts (500 timed, scaled)", singleSeconds, "s", null, null, "baseline", null),
            new($"Bulk creation, 10,000 alerts against 10^5 targets (created {created:N0}/7,000, merged {merged.Count:N0}/3,000, {intoStored:N0}/2,000 into stored)",
                seconds, "s", singleSeconds, "one at a time", "≤ 3 s, counts exact", seconds <= 3 && exact),
        ];

        static int StoredLatticeIndex(int i) => (i / 10 * 11) + (i % 10) + 1;
    }

    private static async Task<HashSet<long>> StoredIdsAsync(TargetsSky sky, CancellationToken cancellationToken)
    {
        await using var database = await sky.Factory.CreateDbContextAsync(cancellationToken);
        return [.. await database.Targets.Select(target => target.Id).ToListAsync(cancellationToken)];
    }

    private static TargetSubmission Alert(string name, (double Ra, double Dec) position) => new()
    {
        Draft = new TargetDraft { Name = name, Ra = position.Ra, Dec = position.Dec, SourceBroker = "Bench", SourceAlertId = name },
        Source = "Bench",
    };

    /// <summary>A position <paramref name="arcsec"/> from the given one, in a random direction (poles and RA 0/360 included).</summary>
    private static (double Ra, double Dec) Offset((double Ra, double Dec) position, double arcsec, Random random)
    {
        var angle = random.NextDouble() * 2 * Math.PI;
        var dec = position.Dec + (arcsec / SkyPosition.ArcsecondsPerDegree * Math.Sin(angle));
        var cosDec = Math.Max(Math.Cos(position.Dec * Math.PI / 180), 1e-6);
        var ra = position.Ra + (arcsec / SkyPosition.ArcsecondsPerDegree * Math.Cos(angle) / cosDec);
        if (dec > 90)
        {
            (dec, ra) = (180 - dec, ra + 180);
        }
        else if (dec < -90)
        {
            (dec, ra) = (-180 - dec, ra + 180);
        }

        return ((((ra % 360) + 360) % 360), dec);
    }

    /// <summary>
    /// The duplicate check's cone (a fresh context, the sky index, the exact separation) among a million targets, at
    /// random positions, next to stored targets, at the poles and across RA 0/360, against scanning every position.
    /// </summary>
    private static async Task<IReadOnlyList<SuiteRow>> ConeRowsAsync(CancellationToken cancellationToken)
    {
        const int count = 1_000_000;
        await using var sky = await TargetsSky.CreateAsync(cancellationToken);
        var seeding = Stopwatch.StartNew();
        await sky.SeedAsync(count, i => $"sky{i:D7}", i => TargetsSky.Lattice(i, count), cancellationToken);
        Console.WriteLine($"cone: seeded {count:N0} targets in {seeding.Elapsed.TotalSeconds:N1} s");
        var ras = new double[count];
        var decs = new double[count];
        for (var i = 0; i < count; i++)
        {
            (ras[i], decs[i]) = TargetsSky.Lattice(i, count);
        }

        var random = new Random(11);
        var samples = new List<(double Ra, double Dec)>
        {
            (0, 90), (0, -90), (123.4, 89.99995), (300, -89.9999), (0, 0), (359.99999, 0), (0.00001, -45), (359.9999, 60),
        };
        // Lattice points near the poles and the RA seam, each moved by up to 1.5″ so they are duplicates.
        samples.AddRange(Enumerable.Range(0, 8).Select(i => Offset(TargetsSky.Lattice(i, count), 1.5 * random.NextDouble(), random)));
        samples.AddRange(Enumerable.Range(count - 8, 8).Select(i => Offset(TargetsSky.Lattice(i, count), 1.5 * random.NextDouble(), random)));
        samples.AddRange(Enumerable.Range(0, count).Where(i => ras[i] < 0.01 || ras[i] > 359.99).Take(16).Select(i => Offset((ras[i], decs[i]), 1.5 * random.NextDouble(), random)));
        while (samples.Count < 2_000)
        {
            samples.Add(random.Next(2) == 0
                ? (random.NextDouble() * 360, Math.Asin((2 * random.NextDouble()) - 1) * 180 / Math.PI)
                : Offset(TargetsSky.Lattice(random.Next(count), count), 1.9 * random.NextDouble(), random));
        }

        // The special positions first: they and the next ones are checked against brute force too.
        var order = samples.Take(40).Concat(samples.Skip(40).OrderBy(_ => random.Next())).ToList();
        async Task<long?> CheckAsync((double Ra, double Dec) position)
        {
            await using var database = await sky.Factory.CreateDbContextAsync(cancellationToken);
            return (await ConeSearch.FindAsync(database.Targets.AsNoTracking(), position.Ra, position.Dec, RadiusArcsec, cancellationToken)).FirstOrDefault()?.Id;
        }

        // A warm-up pass (JIT, statement cache, pages), then every sample timed.
        foreach (var position in order.Skip(40).Take(200))
        {
            await CheckAsync(position);
        }

        var coneMs = new List<double>();
        var found = new List<long?>();
        foreach (var position in order)
        {
            var clock = Stopwatch.StartNew();
            found.Add(await CheckAsync(position));
            coneMs.Add(clock.Elapsed.TotalMilliseconds);
        }

        // Brute force: every position, the same test, in memory (the cheapest scan there is); its answer must agree.
        var bruteMs = new List<double>();
        var agree = 0;
        var compared = order.Take(240).ToList();
        foreach (var (index, (ra, dec)) in compared.Select((sample, index) => (index, sample)))
        {
            var clock = Stopwatch.StartNew();
            var best = -1;
            var bestSeparation = double.MaxValue;
            for (var i = 0; i < count; i++)
            {
                var separation = SkyPosition.SeparationArcsec(ra, dec, ras[i], decs[i]);
                if (separation <= RadiusArcsec && separation < bestSeparation)
                {
                    (best, bestSeparation) = (i, separation);
                }
            }

            bruteMs.Add(clock.Elapsed.TotalMilliseconds);

            // Ids follow the lattice order they were inserted in.
            agree += (best < 0 ? null : (long?)(best + 1)) == found[index] ? 1 : 0;
        }

        var p50 = SuiteStatistics.Median(coneMs);
        var p99 = SuiteStatistics.Quantile(coneMs, 0.99);
        var brute = SuiteStatistics.Median(bruteMs);
        var matches = found.Count(id => id is not null);
        Console.WriteLine($"cone: p50 {p50:N3} ms, p99 {p99:N3} ms, brute force {brute:N1} ms; {matches} of {found.Count} matched; {agree} of {compared.Count} agree with brute force");
        var correct = agree == compared.Count;
        var suffix = correct ? $"; {compared.Count} agree with brute force" : $"; {compared.Count - agree} of {compared.Count} DISAGREE with brute force";
        return
        [
            new("Cone duplicate check by brute force (10^6 positions in memory)", brute, "ms", null, null, "baseline", null),
            new($"Cone duplicate check at 10^6 targets, p50 ({coneMs.Count:N0} checks, poles and RA 0/360 included{suffix})", p50, "ms", brute, "brute force", "≤ 1 ms", p50 <= 1 && correct),
            new("Cone duplicate check at 10^6 targets, p99", p99, "ms", brute, "brute force", "≤ 5 ms", p99 <= 5 && correct),
            new("Cone duplicate check at 10^6, speed-up over brute force (p50)", brute / p50, "×", null, null, "≥ 100×", brute / p50 >= 100 && correct),
        ];
    }

    private static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Benchmark premise failed: {what}.");
        }
    }
}
