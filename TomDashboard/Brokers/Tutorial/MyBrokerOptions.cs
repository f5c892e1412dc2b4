using System.ComponentModel.DataAnnotations;

namespace TomDashboard.Brokers.Tutorial;

/// <summary><c>Brokers:MyBroker</c>. Without a URL the broker reads the sample data shipped with the app.</summary>
public sealed class MyBrokerOptions : BrokerOptions
{
    [Url(ErrorMessage = "Brokers:MyBroker:Url must be an absolute http or https URL.")]
    public string? Url { get; set; }
}
