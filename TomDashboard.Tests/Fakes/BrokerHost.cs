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
        builder.Services.AddSingleton<BrokerCatalog>();
        builder.Services.AddSingleton<ChoiceLoader>();
        builder.AddBroker<MyBroker, MyBrokerOptions>();
        builder.AddBroker<ChannelBroker, BrokerOptions>();
        addBrokers?.Invoke(builder);
        return builder.Build();
    }

    public static async Task<(List<GenericAlert> Alerts, List<BrokerFeedback> Feedback)> RunAsync(
        IBroker broker, object parameters, CancellationToken cancellationToken = default)
    {
        var alerts = new List<GenericAlert>();
        var feedback = new List<BrokerFeedback>();
        await foreach (var result in broker.RunAsync(parameters, cancellationToken))
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
