using System.ComponentModel.DataAnnotations;

namespace TomDashboard.Brokers.Alerce;

/// <summary><c>Brokers:ALeRCE</c>. No token: both ALeRCE APIs are open.</summary>
public sealed class AlerceOptions : BrokerOptions
{
    [Required]
    [Url(ErrorMessage = "Brokers:ALeRCE:ZtfBaseUrl must be an absolute http or https URL.")]
    public string ZtfBaseUrl { get; set; } = "https://api.alerce.online/ztf/v1";

    [Required]
    [Url(ErrorMessage = "Brokers:ALeRCE:LsstBaseUrl must be an absolute http or https URL.")]
    public string LsstBaseUrl { get; set; } = "https://api-lsst.alerce.online";

    /// <summary>How long the classifier and class lists from <c>GET /classifiers</c> are kept (the TOM Toolkit keeps them a day).</summary>
    [Range(0, 24 * 365)]
    public double ChoicesCacheHours { get; set; } = 24;
}
