using System.Text.Json;

namespace TomDashboard.Brokers.Lasair;

/// <summary>
/// One Lasair object: the answer of <c>/api/object/</c> kept whole (so View shows what Lasair sent and target creation
/// can read any field), with the survey it came from and, for cone searches, its distance from the centre.
/// </summary>
public sealed record LasairAlert
{
    public required Survey Survey { get; init; }

    /// <summary>ZTF <c>objectId</c> or LSST <c>diaObjectId</c>; LSST ids are 64-bit, kept as exact digits.</summary>
    public required string ObjectId { get; init; }

    /// <summary>Distance from the cone's centre in arcsec, as the cone search gave it.</summary>
    public double? Separation { get; init; }

    /// <summary>The object as <c>/api/object/</c> sent it.</summary>
    public required JsonElement Data { get; init; }
}
