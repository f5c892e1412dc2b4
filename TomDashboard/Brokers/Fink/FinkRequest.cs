using System.Globalization;
using System.Text.Json.Nodes;
using TomDashboard.Astronomy;

namespace TomDashboard.Brokers.Fink;

/// <summary>One POST to Fink: the host (ZTF or LSST), the route, the JSON body, and how to name it in a note.</summary>
public sealed record FinkRequest(Survey Survey, string Route, JsonObject Body, string Description)
{
    /// <summary>
    /// The <c>sso</c> columns of the TOM Toolkit's Fink module. The other ZTF searches ask for no <c>columns</c>: Fink
    /// computes the <c>v:</c> columns (v:classification, v:firstdate, v:lastdate) only when no column selection is
    /// sent, and the targets need the classification.
    /// </summary>
    public const string SolarSystemColumns = "i:ssnamenr,i:candid,i:ra,i:dec,i:jd,i:magpsf,i:objectId,d:roid";

    /// <summary>LSST rows: one diaSource each (Rubin's r: columns; psfFlux in nJy, midpointMjdTai in TAI).</summary>
    public const string LsstColumns = "r:diaObjectId,r:diaSourceId,r:midpointMjdTai,r:ra,r:dec,r:psfFlux,r:psfFluxErr,r:band";

    /// <summary>What the ZTF photometry needs, from every row including upper limits.</summary>
    public const string ZtfPhotometryColumns = "i:objectId,i:candid,i:jd,i:fid,i:magpsf,i:sigmapsf,i:diffmaglim";

    /// <summary>With a number of days, a class search asks for up to this many alerts, as the TOM Toolkit did.</summary>
    public const int ClassDaysAlertLimit = 1000;

    public string BodyJson => Body.ToJsonString();

    /// <summary>The request a valid query makes. <paramref name="now"/> places a "days in the past" window.</summary>
    public static FinkRequest For(FinkParameters parameters, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var survey = parameters.Survey;
        switch (parameters.SearchKind())
        {
            case FinkSearchKind.ObjectId:
                var ids = string.Join(',', parameters.ObjectIdList());
                return survey == Survey.Lsst
                    ? new(survey, "sources", new JsonObject { ["diaObjectId"] = ids, ["columns"] = LsstColumns, ["output-format"] = "json" }, ids)
                    : new(survey, "objects", new JsonObject { ["objectId"] = ids, ["output-format"] = "json" }, ids);

            case FinkSearchKind.Cone:
                if (!Sexagesimal.TryParseRa(parameters.Ra, out var ra) || !Sexagesimal.TryParseDec(parameters.Dec, out var dec) || parameters.RadiusArcsec is not { } radius)
                {
                    break;
                }

                var cone = new JsonObject { ["ra"] = ra, ["dec"] = dec, ["radius"] = radius };
                if (survey == Survey.Lsst)
                {
                    cone["columns"] = LsstColumns;
                }

                cone["output-format"] = "json";
                return new(survey, "conesearch", cone,
                    string.Create(CultureInfo.InvariantCulture, $"the cone of {radius:0.###}″ around RA {ra:0.#####}°, Dec {dec:0.#####}°"));

            case FinkSearchKind.Class:
                var body = new JsonObject { ["class"] = parameters.Class!.Trim() };
                if (parameters.ClassDaysInPast is { } days)
                {
                    body["n"] = ClassDaysAlertLimit;
                    body["startdate"] = Iso(now - TimeSpan.FromDays(days));
                    body["stopdate"] = Iso(now);
                }
                else
                {
                    body["n"] = parameters.ClassAlertCount;
                }

                body["output-format"] = "json";
                return new(survey, "latests", body, $"the class {parameters.Class.Trim()}");

            case FinkSearchKind.SolarSystemObject:
                var designation = parameters.SolarSystemObject!.Trim();
                return new(survey, "sso", new JsonObject { ["n_or_d"] = designation, ["columns"] = SolarSystemColumns, ["output-format"] = "json" },
                    $"the solar-system object {designation}");
        }

        throw new ArgumentException("The Fink query does not hold exactly one complete search.", nameof(parameters));
    }

    /// <summary>The ZTF light curve of an object: every alert with Fink's upper limits and bad-quality points.</summary>
    public static FinkRequest ZtfPhotometry(string objectId) => new(Survey.Ztf, "objects", new JsonObject
    {
        ["objectId"] = objectId,
        // A JSON true: Fink compares str(value) with "True", so the text "true" would be ignored.
        ["withupperlim"] = true,
        ["columns"] = ZtfPhotometryColumns,
        ["output-format"] = "json",
    }, objectId);

    /// <summary>The LSST light curve of an object: its diaSources.</summary>
    public static FinkRequest LsstPhotometry(string diaObjectId) => new(Survey.Lsst, "sources", new JsonObject
    {
        ["diaObjectId"] = diaObjectId,
        ["columns"] = LsstColumns,
        ["output-format"] = "json",
    }, diaObjectId);

    private static string Iso(DateTimeOffset time) => AstroTime.FormatUtc(time);
}
