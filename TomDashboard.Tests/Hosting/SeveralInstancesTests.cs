using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TomDashboard.Accounts;
using TomDashboard.Alerts;
using TomDashboard.Data;
using TomDashboard.Streams;
using TomDashboard.Streams.Live;
using TomDashboard.Targets;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Hosting;

/// <summary>
/// Two instances of the app in this process, sharing one PostgreSQL database and one 4-partition topic of
/// librdkafka's mock cluster: the shared consumer group spreads the persisting over them, and each instance's own
/// live group shows every alert on its Live pages.
/// </summary>
public sealed class SeveralInstancesTests : IAsyncLifetime
{
    private const string Topic = "lasair_scaleout";
    private const string StreamName = "Lasair test";
    private const int Partitions = KafkaMockCluster.PartitionsPerTopic;
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private readonly KafkaMockCluster _kafka = new();
    private TestDatabase _database = default!;
    private readonly List<Instance> _instances = [];
    private int _produced;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        // The mock creates the topic, with its 4 partitions, at the first message.
        await ProduceAsync(Partitions);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        await _database.DisposeAsync();
        _kafka.Dispose();
    }

    [Fact]
    public async Task Two_instances_share_a_stream_with_nothing_lost_or_doubled_across_a_crash_and_a_restart()
    {
        // "b" never commits its offsets: when it goes, everything it read is read again by "a", as after a crash.
        var a = await StartAsync("a");
        var b = await StartAsync("b", commits: false);
        await WarmUpAsync(a, b);

        // Both up: every alert persisted once, both Live hubs saw all of them, and both instances did some of the writing.
        var first = await ProduceAsync(10_000);
        await WaitForPersistedAsync(first);
        await Eventually.HoldsAsync(() => Task.FromResult(a.Seen(first) == first.Count && b.Seen(first) == first.Count), "both hubs saw all 10,000 alerts", TimeSpan.FromSeconds(60));
        Assert.True(a.Handled > 0 && b.Handled > 0, $"both instances persist: a handled {a.Handled}, b handled {b.Handled}");
        await AssertEachPersistedOnceAsync();

        // b dies mid-stream: a takes its partitions over from b's last commit (none), and the replays change nothing.
        var second = await ProduceAsync(2_000);
        await Eventually.HoldsAsync(() => Task.FromResult(b.Handled > first.Count / 10), "b is handling messages when it stops", TimeSpan.FromSeconds(30));
        await b.DisposeAsync();
        _instances.Remove(b);
        var whileDown = await ProduceAsync(2_000);
        await WaitForPersistedAsync([.. first, .. second, .. whileDown]);
        await AssertEachPersistedOnceAsync();

        // b comes back: the group rebalances, and b persists a share of what comes next.
        var restarted = await StartAsync("b");
        await WarmUpAsync(restarted);
        var (handledByA, handledByB) = (a.Handled, restarted.Handled);
        var third = await ProduceAsync(4_000);
        await WaitForPersistedAsync([.. first, .. second, .. whileDown, .. third]);
        await Eventually.HoldsAsync(() => Task.FromResult(a.Handled - handledByA + restarted.Handled - handledByB >= third.Count), "both have counted what they handled", TimeSpan.FromSeconds(30));
        Assert.True(restarted.Handled > handledByB && a.Handled - handledByA < third.Count,
            $"after the rebalance both persist: a handled {a.Handled - handledByA}, b {restarted.Handled - handledByB} of {third.Count}");
        await AssertEachPersistedOnceAsync();
    }

    [Fact]
    public async Task Twenty_concurrent_creations_of_one_object_over_both_instances_give_one_target()
    {
        var instances = new[] { await StartAsync("a", streams: false), await StartAsync("b", streams: false) };
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(index => Task.Run(() =>
            instances[index % 2].Services.GetRequiredService<TargetWriter>().CreateAsync(
                new TargetDraft { Name = $"ZTF26race{index:00}", Ra = 359.99995, Dec = -12.5 }, Cancellation))));

        Assert.Single(outcomes.OfType<TargetCreated>());
        Assert.Equal(19, outcomes.OfType<TargetAlreadyExists>().Count());
        await using var database = await _database.Factory.CreateDbContextAsync(Cancellation);
        Assert.Equal(1, await database.Targets.CountAsync(Cancellation));
    }

    [Fact]
    public async Task Instances_started_together_with_the_same_initial_administrator_both_start_and_seed_one()
    {
        var seed = new Dictionary<string, string?>
        {
            ["Auth:InitialAdmin:UserName"] = "ada",
            ["Auth:InitialAdmin:Password"] = "a long enough passphrase for ada",
        };
        // Both start (the one that finds the administrator already there does not fail), and both sign ada in.
        var instances = await Task.WhenAll(Task.Run(() => StartAsync("a", streams: false, extra: seed)), Task.Run(() => StartAsync("b", streams: false, extra: seed)));

        foreach (var instance in instances)
        {
            var signIn = await instance.Services.GetRequiredService<AccountDirectory>().CheckPasswordAsync("ada", seed["Auth:InitialAdmin:Password"], Cancellation);
            Assert.True(signIn.Succeeded, signIn.Problem);
        }

        await using var database = await _database.Factory.CreateDbContextAsync(Cancellation);
        Assert.Equal(["ada"], await database.Users.Select(user => user.UserName).ToListAsync(Cancellation));
        Assert.Equal(1, await database.UserRoles.CountAsync(Cancellation));
    }

    [Fact]
    public async Task Concurrent_first_administrator_setups_over_both_instances_make_one()
    {
        var instances = new[] { await StartAsync("a", streams: false), await StartAsync("b", streams: false) };
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(index => Task.Run(() =>
            instances[index % 2].Services.GetRequiredService<AccountDirectory>().CreateFirstAdministratorAsync($"admin{index}", "a long enough passphrase", Cancellation))));

        Assert.Single(results, result => result.Succeeded);
        Assert.All(results.Where(result => !result.Succeeded), result => Assert.Equal(AccountDirectory.AlreadySetUp, result.Message));
        await using var database = await _database.Factory.CreateDbContextAsync(Cancellation);
        Assert.Equal(1, await database.Users.CountAsync(Cancellation));
    }

    [Fact]
    public async Task Each_instance_answers_its_health_by_name_and_reads_what_the_other_protected()
    {
        var (a, b) = (await StartAsync("a", streams: false), await StartAsync("b", streams: false));

        foreach (var (instance, id) in new[] { (a, "a"), (b, "b") })
        {
            using var client = instance.App.NewClient();
            using var ready = await client.GetAsync(TomDashboard.Hosting.ObservabilityHosting.ReadyPath, Cancellation);
            using var body = System.Text.Json.JsonDocument.Parse(await ready.Content.ReadAsStringAsync(Cancellation));
            Assert.Equal((System.Net.HttpStatusCode.OK, "Healthy", id),
                (ready.StatusCode, body.RootElement.GetProperty("status").GetString(), body.RootElement.GetProperty("instance").GetString()));
        }

        // Cookies and antiforgery tokens are data-protected: the key ring lives in the shared database.
        const string Purpose = "TomDashboard.Tests.SharedKeys";
        var protectedByA = a.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).Protect("signed in as ada");
        Assert.Equal("signed in as ada", b.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).Unprotect(protectedByA));
    }

    [Fact]
    public async Task Instances_starting_at_once_on_an_empty_database_migrate_it_once()
    {
        var server = await PostgresServer.GetAsync();
        var empty = await server.CreateEmptyDatabaseAsync();
        try
        {
            var options = new DbContextOptionsBuilder<TomDbContext>().UseNpgsql(empty).Options;
            await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                await using var database = new PostgresTomDbContext(options);
                await database.Database.MigrateAsync(Cancellation);
            })));

            await using var migrated = new PostgresTomDbContext(options);
            Assert.Empty(await migrated.Database.GetPendingMigrationsAsync(Cancellation));
            Assert.Equal(migrated.Database.GetMigrations(), await migrated.Database.GetAppliedMigrationsAsync(Cancellation));
        }
        finally
        {
            await server.DropDatabaseAsync(empty);
        }
    }

    private async Task<Instance> StartAsync(string id, bool commits = true, bool streams = true, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>(_database.AppSettings)
        {
            ["Cluster:InstanceId"] = id,
            ["Cluster:LiveReadsPerInstance"] = "true",
            // The test reads the hub as fast as a page would, but must not lose any of 10,000 to a full buffer.
            ["Live:BufferCapacity"] = "100000",
            ["Streams:3:Name"] = StreamName,
            ["Streams:3:Active"] = streams ? "true" : "false",
            ["Streams:3:BootstrapServers"] = _kafka.BootstrapServers,
            ["Streams:3:GroupId"] = "tomdashboard-shared",
            ["Streams:3:StartFrom"] = "Earliest",
            ["Streams:3:Topics:0:Topic"] = Topic,
            ["Streams:3:Topics:0:Handlers:0:Action"] = "ShowOnly",
            ["Streams:3:Kafka:topic.metadata.refresh.interval.ms"] = "1000",
        };
        if (!commits)
        {
            settings["Streams:3:Kafka:enable.auto.commit"] = "false";
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var app = new TestApp(settings);
        var instance = new Instance(id, app);
        lock (_instances)
        {
            _instances.Add(instance);
        }

        await instance.StartAsync();
        return instance;
    }

    /// <summary>
    /// Until the instances' readers have joined (the live ones start at the newest message) and each persists a share:
    /// warm-up alerts on every partition. A rebalance waits on every member's next heartbeat, so on a loaded machine
    /// it can take a while; the wait says who had not joined.
    /// </summary>
    private async Task WarmUpAsync(params Instance[] instances)
    {
        var deadline = DateTime.UtcNow + JoinTimeout;
        while (true)
        {
            var warmUp = await ProduceAsync(Partitions);
            await Task.Delay(500, Cancellation);
            if (instances.All(instance => instance.Seen(warmUp) == warmUp.Count) && instances.All(instance => instance.Handled > 0))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the instances' consumers did not join within {JoinTimeout.TotalSeconds:0} s: " +
                string.Join("; ", instances.Select(instance => $"{instance.Id} saw {instance.Seen(warmUp)} of {warmUp.Count} warm-up alerts live, persisted {instance.Handled}")));
        }
    }

    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(120);

    /// <summary>Small Lasair-style JSON alerts, one id each, spread round-robin over the partitions.</summary>
    private async Task<List<string>> ProduceAsync(int count)
    {
        var ids = new List<string>(count);
        for (var index = 0; index < count; index++)
        {
            var number = Interlocked.Increment(ref _produced);
            var id = (1_000_000_000_000_000L + number).ToString(CultureInfo.InvariantCulture);
            ids.Add(id);
            var json = $$"""{"objectId":"ZTF26scale{{number}}","candid":{{id}},"ramean":{{number % 360}}.5,"decmean":-10.25,"mjdmax":61000.5,"UTC":"2026-12-03 01:00:00"}""";
            _kafka.Produce(Topic, number % Partitions, Encoding.UTF8.GetBytes(json));
        }

        await _kafka.FlushAsync();
        return ids;
    }

    private async Task WaitForPersistedAsync(IReadOnlyCollection<string> ids)
    {
        var wanted = ids.ToList();
        await Eventually.HoldsAsync(async () =>
        {
            await using var database = await _database.Factory.CreateDbContextAsync(Cancellation);
            var found = await database.AlertStreamMessages.CountAsync(message => message.Status == StreamMessageStatus.Ingested && wanted.Contains(message.AlertId!), Cancellation);
            return found == wanted.Count;
        }, $"all {wanted.Count:N0} alerts are persisted", TimeSpan.FromSeconds(120));
    }

    /// <summary>One log row per place and per alert id: nothing doubled, whoever read it and however often.</summary>
    private async Task AssertEachPersistedOnceAsync()
    {
        await using var database = await _database.Factory.CreateDbContextAsync(Cancellation);
        var rows = await database.AlertStreamMessages.Where(message => message.Stream == StreamName)
            .Select(message => new { message.AlertId, message.Partition, message.Offset, message.Status }).ToListAsync(Cancellation);
        Assert.Equal(_produced, rows.Count);
        Assert.All(rows, row => Assert.Equal(StreamMessageStatus.Ingested, row.Status));
        Assert.Equal(rows.Count, rows.Select(row => row.AlertId).Distinct().Count());
        Assert.Equal(rows.Count, rows.Select(row => (row.Partition, row.Offset)).Distinct().Count());
    }

    /// <summary>One app host, with what its Live hub has seen and how many messages its persisting reader handled.</summary>
    private sealed class Instance(string id, TestApp app) : IAsyncDisposable
    {
        private readonly ConcurrentDictionary<string, byte> _seen = new(StringComparer.Ordinal);
        private readonly CancellationTokenSource _stop = new();
        private Task _watching = Task.CompletedTask;
        private bool _disposed;

        public string Id => id;

        public TestApp App => app;

        public IServiceProvider Services => app.Services;

        public long Handled => Services.GetRequiredService<StreamHealthRegistry>().Snapshot()
            .Where(stream => stream.Name == StreamName).SelectMany(stream => stream.Topics).Sum(topic => topic.Messages);

        public int Seen(IEnumerable<string> ids) => ids.Count(_seen.ContainsKey);

        public Task StartAsync()
        {
            // Starting the host starts its streams; the hub is watched from then on.
            var subscription = Services.GetRequiredService<LiveAlertHub>().Subscribe();
            _watching = Task.Run(async () =>
            {
                using (subscription)
                {
                    try
                    {
                        await foreach (var alert in subscription.Reader.ReadAllAsync(_stop.Token))
                        {
                            _seen.TryAdd(alert.Id, 0);
                        }
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }
            }, CancellationToken.None);
            return Task.CompletedTask;
        }

        public async ValueTask DisposeAsync()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            await _stop.CancelAsync();
            await _watching;
            await app.DisposeAsync();
            _stop.Dispose();
        }
    }
}
