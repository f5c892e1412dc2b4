using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace TomDashboard.Alerts;

/// <summary>
/// The one redaction for remote text before it is shown or logged: broker messages, stream errors, alert links and
/// View's JSON. It blanks the configured secrets (as given, and base64-encoded alone or as <c>id:secret</c>, as a Basic
/// header carries them), echoed <c>Authorization</c> headers, URL user-info, and query parameters named like keys
/// or tokens. The app adds its configured secrets at start (<see cref="Remember"/>); the set only grows.
/// </summary>
public sealed partial class SecretRedaction
{
    public const string Mark = "[redacted]";

    /// <summary>The app's redaction: every sink uses it, so a new sink cannot forget a secret.</summary>
    public static SecretRedaction Default { get; } = new();

    private readonly Lock _gate = new();
    private string[] _secrets = [];
    private SearchValues<string> _anySecret = SearchValues.Create([], StringComparison.Ordinal);

    /// <summary>Adds secrets (shorter than 4 characters are ignored: they would blank ordinary words).</summary>
    public void Remember(IEnumerable<string?> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        lock (_gate)
        {
            _secrets = [.. _secrets.Concat(secrets.OfType<string>().Select(secret => secret.Trim()).Where(secret => secret.Length >= 4))
                .Distinct(StringComparer.Ordinal).OrderByDescending(secret => secret.Length)];
            _anySecret = SearchValues.Create(_secrets, StringComparison.Ordinal);
        }
    }

    /// <summary>Adds a secret with the name that goes with it (a client id, a user name), and the Basic header they make.</summary>
    public void RememberPair(string? name, string? secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return;
        }

        Remember([secret, Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)),
            name is null ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes($"{name}:{secret}"))]);
    }

    /// <summary>
    /// Adds what a configured URL carries: the values of its key-like query parameters (MyBroker's <c>?apikey=</c>) as
    /// written and decoded, and its user-info password, so an echo that quotes them in another shape is blanked too.
    /// </summary>
    public void RememberUrl(string? url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return;
        }

        if (uri.UserInfo.Split(':', 2) is [var user, var password])
        {
            RememberPair(Uri.UnescapeDataString(user), Uri.UnescapeDataString(password));
        }

        var values = KeyParameter().Matches(uri.Query).Select(match => match.Value[(match.Groups["name"].Length + 1)..]);
        Remember(values.SelectMany(value => new[] { value, Uri.UnescapeDataString(value), Uri.EscapeDataString(Uri.UnescapeDataString(value)) }));
    }

    public string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }

        // Most remote text (an alert's JSON) holds nothing to blank: one pass to tell, before any regex.
        var secrets = Volatile.Read(ref _secrets);
        if (text.AsSpan().IndexOfAny(Volatile.Read(ref _anySecret)) < 0 && text.AsSpan().IndexOfAny(PatternMarks) < 0
            && !text.Contains("uthorization", StringComparison.OrdinalIgnoreCase))
        {
            return text;
        }

        var redacted = text;
        foreach (var secret in secrets)
        {
            redacted = redacted.Replace(secret, Mark, StringComparison.Ordinal);
        }

        redacted = AuthorizationHeader().Replace(redacted, match => $"{match.Groups["name"].Value}{match.Groups["separator"].Value}{Mark}");
        redacted = UserInfo().Replace(redacted, match => $"{match.Groups["scheme"].Value}{Mark}@");
        return KeyParameter().Replace(redacted, match => $"{match.Groups["name"].Value}={Mark}");
    }

    /// <summary>A URL with its user-info and key-like query parameters blanked; null stays null.</summary>
    public string? RedactUrl(string? url) => url is null ? null : Redact(url);

    // A user-info needs '@', a key parameter '='; without either (and no secret, no Authorization) nothing matches.
    private static readonly SearchValues<char> PatternMarks = SearchValues.Create("@=");

    // Authorization: Basic abc= | "Authorization": "Bearer x" | Proxy-Authorization=...
    [GeneratedRegex("""(?<name>(?:proxy-)?authorization"?)(?<separator>\s*[:=]\s*"?)(?:(?:basic|bearer|token|digest|negotiate)\s+)?[^\s",;}]+""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AuthorizationHeader();

    [GeneratedRegex(@"(?<scheme>\b[a-z][a-z0-9+.-]*://)[^\s/@:]+(?::[^\s/@]*)?@", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UserInfo();

    [GeneratedRegex(@"(?<name>(?<=[?&;])(?:api[_-]?key|apikey|key|token|access[_-]?token|auth|auth[_-]?token|secret|client[_-]?secret|password|passwd|pwd|sig|signature|session))=[^&\s""'#<>]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeyParameter();
}
