using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using TomDashboard.Alerts;
using TomDashboard.Astronomy;
using TomDashboard.Brokers.Forms;

namespace TomDashboard.Brokers.Fink;

/// <summary>
/// Fink (ZTF and LSST hosts): one POST with a JSON body per query, answered with a JSON list of flat rows, one row
/// per alert (ZTF) or per diaSource (LSST), all in one response. Each row becomes one alert, as in tom_fink.
/// </summary>
[Broker(BrokerName, ScoreDescription = ScoreText)]
public sealed class FinkBroker(HttpClient http, FinkOptions options, TimeProvider? time = null) : Broker<FinkParameters, FinkAlert>
{
    public const string BrokerName = "Fink";

    public const string ZtfPortal = "https://fink-portal.org/";

    public const string LsstPortal = "https://lsst.fink-portal.org/";

    private const string ScoreText =
        "ZTF: Fink's random-forest probability (0 to 1) that the alert is a type Ia supernova rather than another kind " +
        "(d:rf_snia_vs_nonia). Empty when Fink did not compute it, and for LSST rows.";

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public override async IAsyncEnumerable<FinkAlert> FetchAlertsAsync(FinkParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var validation = ParameterValidator.Validate(parameters);
        if (!validation.IsValid)
        {
            ReportFeedback(FeedbackSeverity.Error,
                $"The Fink query is not complete: {string.Join(" ", validation.FormErrors.Concat(validation.FieldErrors.Values.SelectMany(each => each)).Distinct())}");
            yield break;
        }

        var request = FinkRequest.For(parameters, _time.GetUtcNow());
        var count = 0;
        await foreach (var row in PostAsync(request, cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            count++;
            yield return FinkAlert.FromRow(row);
        }

        if (count == 0)
        {
            ReportFeedback(FeedbackSeverity.Info,
                $"Fink has no {(request.Survey == Survey.Lsst ? "LSST" : "ZTF")} alerts for {request.Description}. " +
                "Its database is filled after each night, so the newest alerts are not there yet.");
        }
    }

    /// <summary>View shows the row as Fink sent it.</summary>
    protected override string ToRawJson(FinkAlert alert) => alert?.RawJson ?? base.ToRawJson(alert!);

    public override GenericAlert ToGenericAlert(FinkAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (alert.IsLsst)
        {
            var diaObjectId = alert.DiaObjectId ?? throw new BrokerResponseException("an LSST row has no r:diaObjectId");
            return new GenericAlert
            {
                Id = alert.DiaSourceId ?? diaObjectId,
                Name = diaObjectId,
                Source = Name,
                Timestamp = alert.MidpointMjdTai is { } mjdTai ? AstroTime.FromMjdTai(mjdTai) : null,
                Ra = alert.Ra,
                Dec = alert.Dec,
                Mag = alert.PsfFlux is { } flux ? FluxMagnitude.AbMagnitudeFromNanojansky(flux) : null,
                Score = null,
                Url = LsstPortal + Uri.EscapeDataString(diaObjectId),
            };
        }

        var objectId = alert.ObjectId ?? throw new BrokerResponseException("a ZTF row has no i:objectId");
        return new GenericAlert
        {
            Id = alert.Candid ?? throw new BrokerResponseException($"a row of {objectId} has no i:candid"),
            Name = objectId,
            Source = Name,
            Timestamp = alert.Jd is { } jd ? AstroTime.FromJd(jd) : null,
            Ra = alert.Ra,
            Dec = alert.Dec,
            Mag = alert.MagPsf,
            Score = alert.SnIaProbability,
            Url = ZtfPortal + Uri.EscapeDataString(objectId),
        };
    }

    public override TargetDraft ToTarget(FinkAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var generic = ToGenericAlert(alert);
        if (alert.IsSolarSystem)
        {
            return SolarSystemTarget(alert, generic);
        }

        var extras = new Dictionary<string, string>(StringComparer.Ordinal);
        Add(extras, "fink_classification", alert.Classification);
        Add(extras, "cdsxmatch", alert.CdsXmatch);
        // d:tns holds the TNS type (SN Ic-BL, AGN...), not a TNS name, so it is an extra and never an alias:
        // as an alias it would make every second AGN a "duplicate" of the first.
        Add(extras, "tns_classification", alert.TnsType);
        if (generic.Ra is { } ra && generic.Dec is { } dec)
        {
            var (l, b) = GalacticCoordinates.FromEquatorial(ra, dec);
            Add(extras, "galactic_lng", l.ToString("0.000000", CultureInfo.InvariantCulture));
            Add(extras, "galactic_lat", b.ToString("0.000000", CultureInfo.InvariantCulture));
        }

        if (alert.JdStartHist is { } first)
        {
            Add(extras, "first_detection", AstroTime.FormatUtc(AstroTime.FromJd(first)));
        }

        if ((alert.JdEndHist ?? alert.Jd) is { } last)
        {
            Add(extras, "last_detection", AstroTime.FormatUtc(AstroTime.FromJd(last)));
        }

        return new TargetDraft
        {
            Name = generic.Name,
            Ra = generic.Ra,
            Dec = generic.Dec,
            Extras = extras,
            SourceBroker = Name,
            SourceAlertId = generic.Id,
        };
    }

    /// <summary>
    /// The light curve of a ZTF object (its alerts with Fink's upper limits) or of an LSST diaObject (its diaSources),
    /// chosen by the form of the target's name or aliases. Other targets (asteroids) get none.
    /// </summary>
    public override async IAsyncEnumerable<PhotometryPoint> FetchPhotometryAsync(TargetReference target, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var names = target.Aliases.Prepend(target.Name).Select(name => name.Trim()).ToList();
        FinkRequest request;
        if (names.FirstOrDefault(FinkParameters.IsZtfObjectId) is { } objectId)
        {
            request = FinkRequest.ZtfPhotometry(objectId);
        }
        else if (names.FirstOrDefault(IsLikelyDiaObjectId) is { } diaObjectId)
        {
            request = FinkRequest.LsstPhotometry(diaObjectId);
        }
        else
        {
            yield break;
        }

        await foreach (var row in PostAsync(request, cancellationToken))
        {
            var alert = FinkAlert.FromRow(row);
            if ((request.Survey == Survey.Lsst ? LsstPoint(alert) : ZtfPoint(alert)) is { } point)
            {
                yield return point;
            }
        }
    }

    /// <summary>
    /// A ZTF row as a point: <c>valid</c> (or no tag) is a detection, i:magpsf ± i:sigmapsf; <c>upperlim</c> is a
    /// non-detection at i:diffmaglim; <c>badquality</c> rows failed Fink's quality cuts and are skipped.
    /// </summary>
    public static PhotometryPoint? ZtfPoint(FinkAlert row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.Jd is not { } jd || ZtfBand(row.Fid) is not { } band)
        {
            return null;
        }

        var timestamp = AstroTime.FromJd(jd);
        return row.Tag switch
        {
            null or "valid" when row.MagPsf is { } magnitude =>
                new PhotometryPoint { Timestamp = timestamp, Band = band, Magnitude = magnitude, MagnitudeError = row.SigmaPsf, Source = BrokerName },
            "upperlim" when row.DiffMagLim is { } limit =>
                new PhotometryPoint { Timestamp = timestamp, Band = band, Limit = limit, Source = BrokerName },
            _ => null,
        };
    }

    /// <summary>An LSST diaSource: a detection when r:psfFlux (nJy) is positive, otherwise a 5σ limit.</summary>
    public static PhotometryPoint? LsstPoint(FinkAlert row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.MidpointMjdTai is { } mjdTai && row.Band is { Length: > 0 } band && row.PsfFlux is { } flux
            ? PhotometryPoint.FromFlux(AstroTime.FromMjdTai(mjdTai), SurveyBands.Lsst(band), flux, row.PsfFluxErr, BrokerName)
            : null;
    }

    public static string? ZtfBand(int? fid) => fid switch
    {
        1 => "ztfg",
        2 => "ztfr",
        3 => "ztfi",
        _ => null,
    };

    /// <summary>A Rubin diaObjectId: digits only, longer than an asteroid number.</summary>
    private static bool IsLikelyDiaObjectId(string name) => name.Length >= 10 && FinkParameters.IsLsstObjectId(name);

    private TargetDraft SolarSystemTarget(FinkAlert alert, GenericAlert generic)
    {
        // An asteroid moves: its name is the resolved name (Fink's sso_name), else its number or designation.
        var designation = alert.SsNameNr;
        var name = alert.SsoName ?? alert.SsoNumber ?? designation ?? generic.Name;
        var aliases = new[] { alert.SsoNumber, designation }
            .OfType<string>()
            .Where(alias => alias != name)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var extras = new Dictionary<string, string>(StringComparer.Ordinal);
        Add(extras, "ssnamenr", designation);
        Add(extras, "ztf_object_id", alert.ObjectId);
        return new TargetDraft
        {
            Name = name,
            Type = TargetType.NonSidereal,
            Ra = null,
            Dec = null,
            Epoch = null,
            Aliases = aliases,
            Extras = extras,
            SourceBroker = Name,
            SourceAlertId = generic.Id,
        };
    }

    /// <summary>Fink's rows, read as they arrive.</summary>
    private async IAsyncEnumerable<JsonElement> PostAsync(FinkRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, options.RouteUri(request.Survey, request.Route))
        {
            Content = new StringContent(request.BodyJson, Encoding.UTF8, "application/json"),
        };
        message.Headers.Accept.ParseAdd("application/json");
        using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await response.EnsureBrokerSuccessAsync(cancellationToken);
        await foreach (var row in response.ReadJsonObjectsAsync($"its answer to {request.Route} is not a list of rows", cancellationToken))
        {
            yield return row;
        }
    }

    private static void Add(Dictionary<string, string> extras, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            extras[key] = value;
        }
    }
}
