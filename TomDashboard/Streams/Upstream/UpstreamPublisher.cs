using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TomDashboard.Data;
using TomDashboard.Streams.Kafka;
using TomDashboard.Targets;

namespace TomDashboard.Streams.Upstream;

/// <summary><c>Upstream</c>: where "Submit upstream" publishes targets, Hopskotch style.</summary>
public sealed class UpstreamOptions
{
    public const string Section = "Upstream";

    public string? BootstrapServers { get; set; }

    public string? Topic { get; set; }

    public StreamSecurityOptions Security { get; set; } = new();

    public bool IsConfigured => !string.IsNullOrWhiteSpace(BootstrapServers) && !string.IsNullOrWhiteSpace(Topic);
}

/// <summary>Upstream is off (neither set) or complete; half a configuration is a mistake worth stopping for.</summary>
public sealed class UpstreamOptionsValidator : IValidateOptions<UpstreamOptions>
{
    public ValidateOptionsResult Validate(string? name, UpstreamOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var servers = !string.IsNullOrWhiteSpace(options.BootstrapServers);
        var topic = !string.IsNullOrWhiteSpace(options.Topic);
        var problems = new List<string>();
        if (servers != topic)
        {
            problems.Add(servers
                ? "Upstream:Topic is required when Upstream:BootstrapServers is set."
                : "Upstream:BootstrapServers is required when Upstream:Topic is set.");
        }

        if (servers)
        {
            problems.AddRange(options.Security.Problems().Select(problem => $"Upstream: {problem}"));
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

public sealed record UpstreamResult(bool Succeeded, string Message);

/// <summary>
/// Publishes a target as JSON with hop-client headers (<c>_format</c>, <c>_id</c>, <c>_sender</c>) and logs the
/// message as published.
/// </summary>
public sealed partial class UpstreamPublisher(
    IOptions<UpstreamOptions> options,
    IDbContextFactory<TomDbContext> databases,
    TimeProvider time,
    ILogger<UpstreamPublisher> logger) : IDisposable
{
    public const string StreamName = "Upstream";
    private readonly Lock _gate = new();
    private IProducer<Null, byte[]>? _producer;

    public bool IsConfigured => options.Value.IsConfigured;

    public string? Topic => options.Value.Topic;

    public async Task<UpstreamResult> PublishAsync(Target target, string? note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var settings = options.Value;
        if (!settings.IsConfigured)
        {
            return new UpstreamResult(false, "Submitting upstream is not configured: set Upstream:BootstrapServers and Upstream:Topic.");
        }

        var id = Guid.NewGuid();
        var value = JsonSerializer.SerializeToUtf8Bytes(new
        {
            name = target.Name,
            ra = target.Ra,
            dec = target.Dec,
            aliases = target.Aliases.ToArray(),
            note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
            submitted = time.GetUtcNow(),
            source = "TomDashboard",
        });
        var message = new Message<Null, byte[]>
        {
            Value = value,
            Headers = new Headers
            {
                { "_format", Encoding.UTF8.GetBytes("json") },
                { "_id", id.ToByteArray(bigEndian: true) },
                { "_sender", Encoding.UTF8.GetBytes(settings.Security.Username ?? "tomdashboard") },
            },
        };

        try
        {
            var delivery = await Producer(settings).ProduceAsync(settings.Topic, message, cancellationToken);
            await LogAsync(target, id, delivery, cancellationToken);
            return new UpstreamResult(true, $"Published {target.Name} to {delivery.Topic} (partition {delivery.Partition.Value}, offset {delivery.Offset.Value}).");
        }
        catch (KafkaException exception)
        {
            LogPublishFailed(logger, exception, target.Name);
            return new UpstreamResult(false, $"Publishing {target.Name} failed: {exception.Error.Reason}");
        }
    }

    public void Dispose()
    {
        _producer?.Flush(TimeSpan.FromSeconds(5));
        _producer?.Dispose();
    }

    private IProducer<Null, byte[]> Producer(UpstreamOptions settings)
    {
        lock (_gate)
        {
            return _producer ??= new ProducerBuilder<Null, byte[]>(KafkaClientConfig.Producer(settings.BootstrapServers!, settings.Security))
                .SetLogHandler((_, entry) => LogLibrdkafka(logger, entry.Facility, TomDashboard.Alerts.SecretRedaction.Default.Redact(entry.Message)))
                .Build();
        }
    }

    private async Task LogAsync(Target target, Guid id, DeliveryResult<Null, byte[]> delivery, CancellationToken cancellationToken)
    {
        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        database.AlertStreamMessages.Add(new AlertStreamMessage
        {
            Stream = StreamName,
            Topic = delivery.Topic,
            Partition = delivery.Partition.Value,
            Offset = delivery.Offset.Value,
            MessageId = id.ToString(),
            ReceivedAt = time.GetUtcNow(),
            Status = StreamMessageStatus.Published,
            TargetId = target.Id,
            Outcome = $"Published {target.Name}.",
        });
        await database.SaveChangesAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing {Target} upstream failed")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string target);

    [LoggerMessage(Level = LogLevel.Debug, Message = "librdkafka {Facility}: {Message}")]
    private static partial void LogLibrdkafka(ILogger logger, string facility, string message);
}

public static class UpstreamHosting
{
    public static IServiceCollection AddUpstream(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<UpstreamOptions>().Bind(configuration.GetSection(UpstreamOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<UpstreamOptions>, UpstreamOptionsValidator>();
        services.AddSingleton<UpstreamPublisher>();
        return services;
    }
}
