namespace TomDashboard.Brokers.Forms;

/// <summary>Choices for a field, or a note saying why there are none and that free text is accepted.</summary>
public sealed record ChoiceLoad(IReadOnlyList<Choice> Choices, string? Note)
{
    public bool AcceptsFreeText => Choices.Count == 0;
}

/// <summary>Loads run-time choices through keyed <see cref="IChoiceProvider"/>s; a failure leaves the form usable.</summary>
public sealed class ChoiceLoader(IServiceProvider services, ILogger<ChoiceLoader> logger)
{
    /// <summary>A form does not wait longer than this for a broker's list; free text is accepted instead.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(6);

    public async Task<ChoiceLoad> LoadAsync(string key, CancellationToken cancellationToken)
    {
        var provider = services.GetKeyedService<IChoiceProvider>(key);
        if (provider is null)
        {
            return new ChoiceLoad([], "No list of options is available; type a value.");
        }

        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(Patience);
        try
        {
            var choices = await provider.GetChoicesAsync(patience.Token);
            return choices.Count > 0
                ? new ChoiceLoad(choices, null)
                : new ChoiceLoad([], "The broker offered no options; type a value.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "Loading the choices {ChoicesKey} failed", key);
            var reason = exception is OperationCanceledException ? "the broker did not answer in time." : BrokerFailure.Describe("the broker", exception);
            return new ChoiceLoad([], $"The options could not be loaded ({reason}) Type a value instead.");
        }
    }
}
