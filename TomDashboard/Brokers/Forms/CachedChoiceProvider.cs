namespace TomDashboard.Brokers.Forms;

/// <summary>
/// Choices fetched from a broker's API and kept for a while (classifier lists change rarely). When a refresh
/// fails, the last good list is still offered; with none, the failure reaches the form, which then takes free text.
/// </summary>
public abstract class CachedChoiceProvider(TimeProvider time, TimeSpan lifetime) : IChoiceProvider, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IReadOnlyList<Choice>? _choices;
    private DateTimeOffset _fetchedAt;

    public async Task<IReadOnlyList<Choice>> GetChoicesAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_choices is not null && time.GetUtcNow() - _fetchedAt < lifetime)
            {
                return _choices;
            }

            try
            {
                _choices = await LoadAsync(cancellationToken);
                _fetchedAt = time.GetUtcNow();
                return _choices;
            }
            catch (Exception exception) when (_choices is not null && exception is not OperationCanceledException)
            {
                return _choices;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _gate.Dispose();
        GC.SuppressFinalize(this);
    }

    protected abstract Task<IReadOnlyList<Choice>> LoadAsync(CancellationToken cancellationToken);
}
