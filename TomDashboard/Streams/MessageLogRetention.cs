using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TomDashboard.Data;

namespace TomDashboard.Streams;

/// <summary><c>Retention</c>: how long the stream message log is kept. Targets, their photometry and cutouts stay.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Days a message's log row is kept; the dedupe by place and alert id reaches back this far.</summary>
    [Range(1, 36_500)]
    public int MessageLogDays { get; set; } = 30;

    /// <summary>How often the clean-up runs.</summary>
    [Range(1, 168)]
    public int EveryHours { get; set; } = 6;
}

/// <summary>
/// Deletes message-log rows older than the retention, in one statement per run, in the background. Of several
/// instances on one database, only the holder of the clean-up's lease runs it.
/// </summary>
public sealed partial class MessageLogRetention(
    IDbContextFactory<TomDbContext> databases,
    IOptions<RetentionOptions> options,
    TimeProvider time,
    ILogger<MessageLogRetention> logger,
    ClusterLeases? leases = null) : BackgroundService
{
    public const string LeaseName = "message-log-retention";

    /// <summary>Cleans when this instance holds (or takes) the lease for the next interval; null when another instance holds it.</summary>
    public async Task<int?> CleanIfLeasedAsync(CancellationToken cancellationToken)
    {
        if (leases is not null && !await leases.TryClaimAsync(LeaseName, TimeSpan.FromHours(options.Value.EveryHours), cancellationToken))
        {
            return null;
        }

        return await CleanAsync(cancellationToken);
    }

    /// <summary>Removes the rows received before the retention; returns how many.</summary>
    public async Task<int> CleanAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - TimeSpan.FromDays(options.Value.MessageLogDays);
        await using var database = await databases.CreateDbContextAsync(cancellationToken);
        var removed = await database.AlertStreamMessages.Where(message => message.ReceivedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        if (removed > 0)
        {
            LogRemoved(logger, removed, options.Value.MessageLogDays);
        }

        return removed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(options.Value.EveryHours), time);
        do
        {
            try
            {
                await CleanIfLeasedAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // A busy or failing database waits for the next run; the log still grows only by a few hours.
                LogFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} stream message log rows older than {Days} days")]
    private static partial void LogRemoved(ILogger logger, int count, int days);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The message log clean-up failed; it runs again later")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
