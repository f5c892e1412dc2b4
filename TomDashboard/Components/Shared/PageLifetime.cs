namespace TomDashboard.Components.Shared;

/// <summary>
/// The work a component starts, stopped when the component goes: create it with the component, pass <see cref="Token"/>
/// to every call, dispose it in Dispose. The token is taken up front so that a handler still running after the close (a
/// dialog outlives its page) reads a cancelled token rather than a disposed source.
/// </summary>
public sealed class PageLifetime : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private bool _disposed;

    public PageLifetime() => Token = _source.Token;

    public CancellationToken Token { get; }

    /// <summary>The component has gone: say nothing more (the snackbar would show it on the next page).</summary>
    public bool IsClosed => Token.IsCancellationRequested;

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _source.Cancel();
        _source.Dispose();
    }
}
