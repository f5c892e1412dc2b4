using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TomDashboard.Alerts;
using TomDashboard.Brokers;
using TomDashboard.Brokers.Forms;
using TomDashboard.Brokers.Tutorial;
using TomDashboard.Hosting;

namespace TomDashboard.Tests.Fakes;

/// <summary>Brokers registered the way the app registers them, with the configuration a test gives.</summary>
public static class BrokerHost
{
    public static IHost Build(IDictionary<string, string?> configuration, Action<IHostApplicationBuilder>? addBrokers = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Services.AddLogging();
        builder.Services.AddBrokerCatalog();
        builder.Services.AddBroker<MyBroker, MyBrokerOptions>(builder.Configuration);
        builder.Services.AddBroker<ChannelBroker, BrokerOptions>(builder.Configuration);
        addBrokers?.Invoke(builder);
        return builder.Build();
    }

    /// <summary>A run's channel as it fills, the way a page reads it; the run's end is the channel's completion.</summary>
    public static async IAsyncEnumerable<BrokerResult> ResultsAsync(
        IBroker broker, object parameters, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        const int maxAlerts = int.MaxValue;
        var channel = Channel.CreateUnbounded<BrokerResult>();
        var run = RunIntoAsync(broker, parameters, channel.Writer, maxAlerts, cancellationToken);
        await foreach (var result in channel.Reader.ReadAllAsync(cancellationToken))
        {
            yield return result;
        }

        await run;
    }

    private static async Task<BrokerRunEnd> RunIntoAsync(IBroker broker, object parameters, ChannelWriter<BrokerResult> results, int maxAlerts, CancellationToken cancellationToken)
    {
        try
        {
            return await broker.RunAsync(parameters, results, maxAlerts, cancellationToken);
        }
        finally
        {
            results.TryComplete();
        }
    }

    public static async Task<(List<GenericAlert> Alerts, List<BrokerFeedback> Feedback)> RunAsync(
        IBroker broker, object parameters, CancellationToken cancellationToken = default)
    {
        var alerts = new List<GenericAlert>();
        var feedback = new List<BrokerFeedback>();
        await foreach (var result in ResultsAsync(broker, parameters, cancellationToken))
        {
            switch (result)
            {
                case AlertReceived received:
                    alerts.Add(received.Alert);
                    break;
                case FeedbackReported reported:
                    feedback.Add(reported.Feedback);
                    break;
            }
        }

        return (alerts, feedback);
    }
}
