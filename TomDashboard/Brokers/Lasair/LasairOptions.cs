using System.ComponentModel.DataAnnotations;

namespace TomDashboard.Brokers.Lasair;

/// <summary>
/// <c>Brokers:Lasair</c>. Lasair-ZTF and Lasair-LSST are separate systems with separate accounts, so each has its own
/// API base URL and token. The tokens are secrets: set them as environment variables, not in appsettings.json.
/// </summary>
public sealed class LasairOptions : BrokerOptions
{
    [Required(ErrorMessage = "Brokers:Lasair:ZtfBaseUrl is required.")]
    [Url(ErrorMessage = "Brokers:Lasair:ZtfBaseUrl must be an absolute http or https URL.")]
    public string ZtfBaseUrl { get; set; } = "https://lasair-ztf.lsst.ac.uk/api";

    [Required(ErrorMessage = "Brokers:Lasair:LsstBaseUrl is required.")]
    [Url(ErrorMessage = "Brokers:Lasair:LsstBaseUrl must be an absolute http or https URL.")]
    public string LsstBaseUrl { get; set; } = "https://api.lasair.lsst.ac.uk/api";

    /// <summary>The API token from the user's profile page on lasair-ztf.lsst.ac.uk.</summary>
    public string? ZtfToken { get; set; }

    /// <summary>The API token from the user's profile page on lasair.lsst.ac.uk.</summary>
    public string? LsstToken { get; set; }

    public override string? MissingConfiguration() =>
        string.IsNullOrWhiteSpace(ZtfToken) && string.IsNullOrWhiteSpace(LsstToken)
            ? "set Brokers:Lasair:ZtfToken or Brokers:Lasair:LsstToken (your API token from your profile page on "
              + "lasair-ztf.lsst.ac.uk or lasair.lsst.ac.uk), preferably as the environment variable "
              + "Brokers__Lasair__ZtfToken or Brokers__Lasair__LsstToken."
            : null;

    /// <summary>The token setting of the Lasair whose base URL the request is under (the longer match, if both are).</summary>
    public override string? CredentialSetting(Uri? requestUri)
    {
        var address = requestUri?.AbsoluteUri;
        if (address is null)
        {
            return null;
        }

        return new[] { For(Survey.Ztf), For(Survey.Lsst) }
            .Where(instance => address.StartsWith(instance.BaseUrl.TrimEnd('/') + "/", StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(instance => instance.BaseUrl.Length)
            .FirstOrDefault()?.TokenSetting;
    }

    /// <summary>The base URL, token and setting name of one survey's Lasair.</summary>
    public LasairInstance For(Survey survey) => survey switch
    {
        Survey.Lsst => new LasairInstance(survey, "LSST", LsstBaseUrl, LsstToken, "Brokers:Lasair:LsstToken"),
        _ => new LasairInstance(survey, "ZTF", ZtfBaseUrl, ZtfToken, "Brokers:Lasair:ZtfToken"),
    };
}

/// <summary>One Lasair system: where its API is and the token it takes.</summary>
public sealed record LasairInstance(Survey Survey, string Label, string BaseUrl, string? Token, string TokenSetting)
{
    public bool HasToken => !string.IsNullOrWhiteSpace(Token);

    /// <summary>The environment variable that sets the token.</summary>
    public string TokenVariable => TokenSetting.Replace(":", "__", StringComparison.Ordinal);

    public Uri Method(string name) => new($"{BaseUrl.TrimEnd('/')}/{name}/");

    /// <summary>Why this survey cannot be asked, naming the setting (never the token).</summary>
    public string MissingTokenMessage =>
        $"Lasair-{Label} needs an API token: set {TokenSetting} (from your profile page on {WebHost}), preferably as the environment variable {TokenVariable}.";

    /// <summary>Never shows the token (a record's generated ToString would).</summary>
    public override string ToString() => $"Lasair-{Label} at {BaseUrl}";

    private string WebHost => Survey == Survey.Lsst ? "lasair.lsst.ac.uk" : "lasair-ztf.lsst.ac.uk";
}
