using System.ComponentModel.DataAnnotations;

namespace TomDashboard.Brokers.Fink;

/// <summary><c>Brokers:Fink</c>. Fink needs no token; its two hosts serve the ZTF and the LSST databases.</summary>
public sealed class FinkOptions : BrokerOptions
{
    public FinkOptions()
    {
        // Fink's own server gives up on a large cone search after 60 s; waiting less would cut answers it can still give.
        TimeoutSeconds = 60;
    }

    [Required(ErrorMessage = "Brokers:Fink:ZtfBaseUrl is required.")]
    [Url(ErrorMessage = "Brokers:Fink:ZtfBaseUrl must be an absolute http or https URL.")]
    public string ZtfBaseUrl { get; set; } = "https://api.ztf.fink-portal.org";

    [Required(ErrorMessage = "Brokers:Fink:LsstBaseUrl is required.")]
    [Url(ErrorMessage = "Brokers:Fink:LsstBaseUrl must be an absolute http or https URL.")]
    public string LsstBaseUrl { get; set; } = "https://api.lsst.fink-portal.org";

    /// <summary>How long the list of classes (<c>GET /api/v1/classes</c>) is kept before it is asked for again.</summary>
    [Range(0.01, 24 * 30, ErrorMessage = "Brokers:Fink:ChoicesCacheHours must be between 0.01 and 720.")]
    public double ChoicesCacheHours { get; set; } = 24;

    /// <summary>The URL of a route on the ZTF or the LSST host, e.g. <c>.../api/v1/objects</c>.</summary>
    public Uri RouteUri(Survey survey, string route) =>
        new($"{(survey == Survey.Lsst ? LsstBaseUrl : ZtfBaseUrl).TrimEnd('/')}/api/v1/{route}");
}
