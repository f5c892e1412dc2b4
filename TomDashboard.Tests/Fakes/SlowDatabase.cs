using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using TomDashboard.Data;

namespace TomDashboard.Tests.Fakes;

/// <summary>
/// The test database behind an interceptor that, once armed, holds the next command until its cancellation token fires:
/// a page's call that never finishes on its own, so a test can see that closing the page cancels it.
/// </summary>
public sealed class SlowDatabase : DbCommandInterceptor, IDbContextFactory<TomDbContext>
{
    private readonly DbContextOptions<TomDbContext> _options;
    private volatile bool _armed;

    public SlowDatabase(TestDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _options = database.NewOptions().AddInterceptors(this).Options;
    }

    /// <summary>Completes when an armed command is being held.</summary>
    public TaskCompletionSource Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the held command's token was cancelled.</summary>
    public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Holds the next command (one only; the rest run as usual).</summary>
    public void Arm() => _armed = true;

    public TomDbContext CreateDbContext() => TestDatabase.NewContext(_options);

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await HoldAsync(cancellationToken);
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await HoldAsync(cancellationToken);
        return result;
    }

    public override async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        await HoldAsync(cancellationToken);
        return result;
    }

    private async Task HoldAsync(CancellationToken cancellationToken)
    {
        if (!_armed)
        {
            return;
        }

        _armed = false;
        Held.TrySetResult();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        finally
        {
            if (cancellationToken.IsCancellationRequested)
            {
                Cancelled.TrySetResult();
            }
        }
    }
}
