using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TomDashboard.Data;
using TomDashboard.Hosting;
using TomDashboard.Streams;
using TomDashboard.Streams.Decoders;
using TomDashboard.Streams.Kafka;

namespace TomDashboard.Benchmarks.Suite;

/// <summary>
/// The whole ingest path a user waits on: ZTF packets waiting in librdkafka's mock cluster, consumed, decoded,
/// handled, logged in SQLite or PostgreSQL and published to the live hub, timed from the first message handled to the last.
/// </summary>
public static class IngestMeasurement
{
    // The mock keeps about 5 MiB per partition: 74 KB packets are spread over many topics of 4 partitions.
    private const int PacketsPerTopic = 200;

    /// <summary>A mock cluster holding the packets; it lives as long as the producer returned.</summary>
    private static (IProducer<byte[]?, byte[]?> Owner, string BootstrapServers) Cluster(IEnumerable<byte[]> packets, CancellationToken cancellationToken)
    {
        var producerConfig = new ProducerConfig { LingerMs = 5 };
        producerConfig.Set("test.mock.num.brokers", "1");
        var owner = new ProducerBuilder<byte[]?, byte[]?>(producerConfig).Build();
        using (var admin = new DependentAdminClientBuilder(owner.Handle).Build())
        {
            var broker = admin.GetMetadata(TimeSpan.FromSeconds(10)).Brokers.First();
            producerConfig.BootstrapServers = $"{broker.Host}:{broker.Port}";
        }

        var i = 0;
        foreach (var packet in packets)
        {
            var topic = $"bench_{i / PacketsPerTopic:D3}";
            owner.Produce(new TopicPartition(topic, new Partition(i % 4)), new Message<byte[]?, byte[]?> { Value = packet });
            i++;
        }

        owner.Flush(cancellationToken);
        return (owner, producerConfig.BootstrapServers);
    }

    /// <summary>
    /// The Kafka part alone: a plain consumer reading the same packets from the same mock cluster and doing nothing
    /// with them. The ceiling of any ingest through the mock, measured the same way (first message to last).
    /// </summary>
    public static double ConsumesPerSecond(IEnumerable<byte[]> packets, int count, CancellationToken cancellationToken)
    {
        var (owner, bootstrap) = Cluster(packets, cancellationToken);
        using var _ = owner;
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = $"bench-{Guid.NewGuid():N}",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            // As the app's consumers fetch (KafkaClientConfig), so the ceiling is measured the same way.
            FetchQueueBackoffMs = KafkaClientConfig.DefaultFetchQueueBackoffMs,
        };
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).Build();
        consumer.Subscribe("^bench_.*");
        var clock = Stopwatch.StartNew();
        var first = TimeSpan.Zero;
        var consumed = 0;
        while (consumed < count)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is not { IsPartitionEOF: false })
            {
                if (clock.Elapsed > TimeSpan.FromMinutes(5))
                {
                    throw new TimeoutException($"Only {consumed} of {count} messages were consumed in 5 minutes.");
                }

                continue;
            }

            if (consumed++ == 0)
            {
                first = clock.Elapsed;
            }
        }

        var last = clock.Elapsed;
        consumer.Close();
        return (count - 1) / (last - first).TotalSeconds;
    }

    /// <summary>
    /// The rate from the first message handled to the last, and what the database grew by per message (SQLite only).
    /// With several instances, each is its own set of services (hub, health, writer) with a worker in one shared
    /// consumer group on one PostgreSQL database, as several app processes would be; the rate is their sum.
    /// </summary>
    public static async Task<IngestRun> MessagesPerSecondAsync(
        IEnumerable<byte[]> packets, int count, HandlerAction action, CancellationToken cancellationToken,
        DatabaseProvider provider = DatabaseProvider.Sqlite, int instances = 1)
    {
        var (owner, bootstrap) = Cluster(packets, cancellationToken);
        using var _ = owner;

        var directory = Directory.CreateTempSubdirectory("tomdashboard-ingest-");
        var postgres = provider == DatabaseProvider.Postgres ? await TomDashboard.Tests.Fakes.PostgresServer.GetAsync() : null;
        var databasePath = Path.Combine(directory.FullName, "ingest.db");
        var connectionString = postgres is null ? $"Data Source={databasePath}" : await postgres.CreateDatabaseAsync();
        var all = new List<ServiceProvider>();
        var workers = new List<KafkaStreamWorker>();
        var pipelines = new List<StreamPipeline>();
        try
        {
            for (var instance = 0; instance < instances; instance++)
            {
                all.Add(await BuildServicesAsync(provider, connectionString, cancellationToken));
            }

            var emptySize = postgres is null ? await DatabaseBytesAsync(all[0], databasePath, cancellationToken) : 0;
            var stream = new StreamOptions
            {
                Name = "Bench",
                BootstrapServers = bootstrap,
                GroupId = $"bench-{Guid.NewGuid():N}",
                StartFrom = StartPosition.Earliest,
                Format = PacketFormat.ZtfAvro,
                Topics = [new TopicOptions { Topic = "^bench_.*", Handlers = [new HandlerOptions { Action = action }] }],
            };
            foreach (var services in all)
            {
                var health = services.GetRequiredService<StreamHealthRegistry>().Register(stream.Name, stream.Kind, []);
                var pipeline = services.GetRequiredService<StreamPipelineBuilder>().Build(stream).Pipeline!;
                pipelines.Add(pipeline);
                workers.Add(ActivatorUtilities.CreateInstance<KafkaStreamWorker>(services, pipeline, health));
            }

            // Started together, so they join the group's first generation (the mock waits 3 s for members) and split the partitions.
            await Task.WhenAll(workers.Select(worker => worker.StartAsync(cancellationToken)));
            var firstAt = TimeSpan.Zero;
            long firstCount = 0;
            var clock = Stopwatch.StartNew();
            while (Messages(all) < count)
            {
                if (firstCount == 0 && Messages(all) is > 0 and var seen)
                {
                    (firstAt, firstCount) = (clock.Elapsed, seen);
                }

                if (clock.Elapsed > TimeSpan.FromMinutes(10))
                {
                    throw new TimeoutException($"Only {Messages(all)} of {count} messages were ingested in 10 minutes.");
                }

                await Task.Delay(10, cancellationToken);
            }

            var lastAt = clock.Elapsed;
            await Task.WhenAll(workers.Select(worker => worker.StopAsync(cancellationToken)));
            var grown = postgres is null ? await DatabaseBytesAsync(all[0], databasePath, cancellationToken) - emptySize : 0;
            return new IngestRun((count - firstCount) / (lastAt - firstAt).TotalSeconds, (double)grown / count);
        }
        finally
        {
            workers.ForEach(worker => worker.Dispose());
            pipelines.ForEach(pipeline => pipeline.Dispose());
            foreach (var services in all)
            {
                await services.DisposeAsync();
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (postgres is not null)
            {
                await postgres.DropDatabaseAsync(connectionString);
            }

            directory.Delete(recursive: true);
        }
    }

    /// <summary>The decoder alone on one core, over the same packets: the ceiling the pipeline is compared with.</summary>
    public static async Task<double> DecodesPerSecondAsync(IEnumerable<byte[]> packets, CancellationToken cancellationToken)
    {
        var decoder = new ZtfAvroDecoder();
        var sample = packets.ToList();
        var clock = Stopwatch.StartNew();
        foreach (var packet in sample)
        {
            await decoder.DecodeAsync(new StreamEnvelope { Stream = "Bench", Topic = "bench", ReceivedAt = DateTimeOffset.UtcNow, Value = packet }, cancellationToken);
        }

        return sample.Count / clock.Elapsed.TotalSeconds;
    }

    /// <summary>The database file's size once the write-ahead log is folded into it.</summary>
    private static async Task<long> DatabaseBytesAsync(ServiceProvider services, string path, CancellationToken cancellationToken)
    {
        await using (var database = await services.GetRequiredService<IDbContextFactory<TomDbContext>>().CreateDbContextAsync(cancellationToken))
        {
            await database.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
        }

        return new FileInfo(path).Length;
    }

    private static long Messages(List<ServiceProvider> instances) =>
        instances.Sum(services => services.GetRequiredService<StreamHealthRegistry>().Snapshot().Single().Messages);

    private static async Task<ServiceProvider> BuildServicesAsync(DatabaseProvider provider, string connectionString, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(TimeProvider.System)
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddDbContextFactory<TomDbContext, TomDbContextFactory>(options =>
            {
                if (provider == DatabaseProvider.Postgres)
                {
                    options.UseNpgsql(connectionString);
                }
                else
                {
                    options.UseSqlite(connectionString);
                }
            })
            .AddTargets(configuration)
            .AddStreams(configuration)
            .BuildServiceProvider();
        await services.MigrateTomDatabaseAsync(cancellationToken);
        return services;
    }
}

/// <summary>One ingest run: messages per second, and database bytes per message.</summary>
public sealed record IngestRun(double MessagesPerSecond, double BytesPerMessage);
