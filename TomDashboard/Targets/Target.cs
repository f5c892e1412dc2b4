using TomDashboard.Alerts;

namespace TomDashboard.Targets;

/// <summary>An object the programme follows. Its name and every alias live in <see cref="Names"/>, unique across targets.</summary>
public sealed class Target
{
    public const int NameMaxLength = 100;

    public long Id { get; set; }

    public required string Name { get; set; }

    public TargetType Type { get; set; } = TargetType.Sidereal;

    /// <summary>Right ascension in degrees (ICRS).</summary>
    public double? Ra { get; set; }

    /// <summary>Declination in degrees (ICRS).</summary>
    public double? Dec { get; set; }

    /// <summary>Julian epoch of the coordinates.</summary>
    public double? Epoch { get; set; }

    /// <summary>The sky-index zone of <see cref="Dec"/> (kept by the context on save; see <see cref="Astronomy.SkyZones"/>).</summary>
    public int? SkyZone { get; set; }

    /// <summary>Why this target was created although it matched an existing one, when someone chose to.</summary>
    public string? DuplicateReason { get; set; }

    public DateTimeOffset Created { get; set; }

    public DateTimeOffset Modified { get; set; }

    /// <summary>The broker or stream the target was created from.</summary>
    public string? SourceBroker { get; set; }

    /// <summary>The id of the alert the target was created from.</summary>
    public string? SourceAlertId { get; set; }

    /// <summary>Who created it (a user id); null for targets from before accounts, which every user may change.</summary>
    public string? OwnerId { get; set; }

    public TargetVisibility Visibility { get; set; } = TargetVisibility.Open;

    /// <summary>The groups it is shared with: their members see and change it.</summary>
    public List<TargetShare> Shares { get; set; } = [];

    public List<TargetName> Names { get; set; } = [];

    public List<TargetExtra> Extras { get; set; } = [];

    public List<Photometry> Photometry { get; set; } = [];

    public List<TargetCutout> Cutouts { get; set; } = [];

    public IEnumerable<string> Aliases => Names.Where(name => name.Kind == TargetNameKind.Alias).Select(name => name.Name);
}

public enum TargetNameKind
{
    Primary,
    Alias,
}

/// <summary>
/// A name of a target: its primary name or an alias. One table with one unique index, so the database itself
/// refuses a name that is already any target's name or alias, also when two users race.
/// </summary>
public sealed class TargetName
{
    public long Id { get; set; }

    public long TargetId { get; set; }

    public required string Name { get; set; }

    /// <summary><see cref="TargetNameRules.Simplify"/> of the name (kept by the context on save).</summary>
    public string Simplified { get; set; } = "";

    public TargetNameKind Kind { get; set; }
}

public sealed class TargetExtra
{
    public long Id { get; set; }

    public long TargetId { get; set; }

    public required string Key { get; set; }

    public required string Value { get; set; }
}

public enum CutoutKind
{
    Science,
    Template,
    Difference,
}

/// <summary>An image stamp from an alert packet, kept as the FITS file it came in.</summary>
public sealed class TargetCutout
{
    public long Id { get; set; }

    public long TargetId { get; set; }

    public CutoutKind Kind { get; set; }

    public required byte[] Fits { get; set; }

    /// <summary>The alert the stamp came with; a newer alert's stamps replace older ones.</summary>
    public string? SourceAlertId { get; set; }

    public DateTimeOffset Added { get; set; }
}

/// <summary>One photometric point: a detection (magnitude and error) or a non-detection (limit).</summary>
public sealed class Photometry
{
    public long Id { get; set; }

    public long TargetId { get; set; }

    public DateTimeOffset Timestamp { get; set; }

    /// <summary>
    /// A point's time as it is stored and compared: to the whole microsecond, the finest PostgreSQL's timestamptz
    /// keeps, on SQLite too, so a point read back matches the same point arriving again. (An MJD in a double is
    /// only good to about a microsecond anyway.)
    /// </summary>
    public static DateTimeOffset StoredTime(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % 10), TimeSpan.Zero);

    public required string Band { get; set; }

    public double? Magnitude { get; set; }

    public double? MagnitudeError { get; set; }

    /// <summary>Upper limit (faintest detectable magnitude) of a non-detection.</summary>
    public double? Limit { get; set; }

    public required string Source { get; set; }
}

/// <summary>A target shared with a group of users.</summary>
public sealed class TargetShare
{
    public long TargetId { get; set; }

    public long GroupId { get; set; }
}
