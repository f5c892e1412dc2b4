using System.Globalization;
using Plotly.Blazor;
using Plotly.Blazor.ConfigLib;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;
using TomDashboard.Astronomy;
using TomDashboard.Targets;
using ErrorYType = Plotly.Blazor.Traces.ScatterLib.ErrorYLib.TypeEnum;
using LegendOrientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum;
using LegendYAnchor = Plotly.Blazor.LayoutLib.LegendLib.YAnchorEnum;
using MarkerLine = Plotly.Blazor.Traces.ScatterLib.MarkerLib.Line;
using MarkerSymbol = Plotly.Blazor.Traces.ScatterLib.MarkerLib.SymbolEnum;
using PlotlyLayout = Plotly.Blazor.Layout;
using XAxisExponent = Plotly.Blazor.LayoutLib.XAxisLib.ExponentFormatEnum;
using XAxisTitle = Plotly.Blazor.LayoutLib.XAxisLib.Title;
using YAxisAutoRange = Plotly.Blazor.LayoutLib.YAxisLib.AutoRangeEnum;
using YAxisTitle = Plotly.Blazor.LayoutLib.YAxisLib.Title;

namespace TomDashboard.Components.Shared;

/// <summary>Everything the light curve hands to Plotly.</summary>
public sealed record LightCurvePlot(IList<ITrace> Traces, PlotlyLayout Layout, Config Config);

/// <summary>
/// Photometry to a Plotly light curve: magnitude against MJD, bright at the top, one trace per (band, source) for
/// detections and one per (band, source) for upper limits. Pure: no renderer, no JS.
/// </summary>
public static class LightCurveModel
{
    /// <summary>
    /// The bands brokers name, in legend order, with their colours. LSST: Rubin's colour-blind-friendly palette for
    /// dark backgrounds (RTN-045). ZTF: Okabe–Ito's bluish green, vermillion and reddish purple, colour-blind-safe
    /// stand-ins for the usual green, red and dark red.
    /// </summary>
    private static readonly (string Band, string Color)[] KnownBands =
    [
        ("ztfg", "#009E73"),
        ("ztfr", "#D55E00"),
        ("ztfi", "#CC79A7"),
        ("lsstu", "#3EB7FF"),
        ("lsstg", "#30C39F"),
        ("lsstr", "#FF7E00"),
        ("lssti", "#2AF5FF"),
        ("lsstz", "#A7F9C1"),
        ("lssty", "#FDC900"),
    ];

    /// <summary>The fixed colour of each known band (names compared without case).</summary>
    public static IReadOnlyDictionary<string, string> BandColors { get; } =
        KnownBands.ToDictionary(known => known.Band, known => known.Color, StringComparer.OrdinalIgnoreCase);

    /// <summary>Colours for any other band, handed out in the order of the bands' names (Okabe–Ito, then grey).</summary>
    public static IReadOnlyList<string> OtherBandPalette { get; } = ["#E69F00", "#56B4E9", "#F0E442", "#0072B2", "#BBBBBB"];

    private const string FontColor = "rgba(255,255,255,0.85)";
    private const string GridColor = "rgba(255,255,255,0.12)";
    private const string Transparent = "rgba(0,0,0,0)";

    public static LightCurvePlot Build(IReadOnlyList<Photometry> points) => new(Traces(points), BuildLayout(), BuildConfig());

    public static IList<ITrace> Traces(IReadOnlyList<Photometry> points)
    {
        var colors = Colors(points.Select(point => point.Band));
        var series = points
            .Select(point => (Point: point, IsLimit: point.Magnitude is null))
            .Where(entry => !entry.IsLimit || entry.Point.Limit is not null)
            .GroupBy(entry => (entry.Point.Band, entry.Point.Source, entry.IsLimit))
            .OrderBy(group => BandRank(group.Key.Band))
            .ThenBy(group => group.Key.Band, StringComparer.Ordinal)
            .ThenBy(group => group.Key.Source, StringComparer.Ordinal)
            .ThenBy(group => group.Key.IsLimit);

        var traces = new List<ITrace>();
        foreach (var group in series)
        {
            var (band, source, isLimit) = group.Key;
            var ordered = group.Select(entry => entry.Point).OrderBy(point => point.Timestamp).ToList();
            traces.Add(isLimit ? LimitTrace(band, source, ordered, colors[band]) : DetectionTrace(band, source, ordered, colors[band]));
        }

        return traces;
    }

    /// <summary>The colour of each band: the fixed map first, then the palette for the rest, by name.</summary>
    public static IReadOnlyDictionary<string, string> Colors(IEnumerable<string> bands)
    {
        var colors = new Dictionary<string, string>(StringComparer.Ordinal);
        var others = 0;
        foreach (var band in bands.Distinct(StringComparer.Ordinal).OrderBy(band => band, StringComparer.Ordinal))
        {
            colors[band] = BandColors.TryGetValue(band, out var known) ? known : OtherBandPalette[others++ % OtherBandPalette.Count];
        }

        return colors;
    }

    public static string TraceName(string band, string source, bool isLimit) =>
        isLimit ? $"{Plain(band)} limits · {Plain(source)}" : $"{Plain(band)} · {Plain(source)}";

    /// <summary>The hover text of one point: UTC, MJD, magnitude ± error or "&gt; limit", band and source.</summary>
    public static string HoverText(Photometry point)
    {
        var brightness = point.Magnitude is { } magnitude
            ? point.MagnitudeError is { } error ? $"{Number(magnitude, "F3")} ± {Number(error, "F3")}" : Number(magnitude, "F3")
            : $"> {Number(point.Limit ?? double.NaN, "F2")}";
        return $"{AstroTime.FormatUtc(point.Timestamp)} UTC<br>MJD {Number(AstroTime.ToMjd(point.Timestamp), "F5")}<br>"
            + $"{Plain(point.Band)} {brightness}<br>{Plain(point.Source)}";
    }

    public static PlotlyLayout BuildLayout() => new()
    {
        PaperBgColor = Transparent,
        PlotBgColor = Transparent,
        Font = new Font { Color = FontColor },
        AutoSize = true,
        HoverMode = HoverModeEnum.Closest,
        Margin = new Margin { L = 56, R = 16, T = 32, B = 48 },
        Legend = [new Legend { Orientation = LegendOrientation.H, X = 0, Y = 1.02m, YAnchor = LegendYAnchor.Bottom, BgColor = Transparent }],
        XAxis =
        [
            new XAxis
            {
                Title = new XAxisTitle { Text = "MJD" },
                ExponentFormat = XAxisExponent.None,
                GridColor = GridColor,
                ZeroLine = false,
            },
        ],
        YAxis =
        [
            new YAxis
            {
                Title = new YAxisTitle { Text = "Magnitude" },
                AutoRange = YAxisAutoRange.Reversed,
                GridColor = GridColor,
                ZeroLine = false,
            },
        ],
    };

    public static Config BuildConfig() => new()
    {
        Responsive = true,
        DisplayLogo = false,
        DisplayModeBar = DisplayModeBarEnum.Hover,
    };

    private static Scatter DetectionTrace(string band, string source, IReadOnlyList<Photometry> points, string color) => new()
    {
        Name = TraceName(band, source, isLimit: false),
        Mode = ModeFlag.Markers,
        X = [.. points.Select(point => (object)AstroTime.ToMjd(point.Timestamp))],
        Y = [.. points.Select(point => (object)point.Magnitude!.Value)],
        ErrorY = new ErrorY
        {
            Type = ErrorYType.Data,
            Array = [.. points.Select(point => (object)(point.MagnitudeError ?? 0))],
            Visible = points.Any(point => point.MagnitudeError is not null),
            Color = color,
            Thickness = 1.2m,
            Width = 0,
        },
        Marker = new Marker { Color = color, Symbol = MarkerSymbol.Circle, Size = 7 },
        HoverTextArray = [.. points.Select(HoverText)],
        HoverInfo = HoverInfoFlag.Text,
    };

    private static Scatter LimitTrace(string band, string source, IReadOnlyList<Photometry> points, string color) => new()
    {
        Name = TraceName(band, source, isLimit: true),
        Mode = ModeFlag.Markers,
        X = [.. points.Select(point => (object)AstroTime.ToMjd(point.Timestamp))],
        Y = [.. points.Select(point => (object)point.Limit!.Value)],
        Marker = new Marker { Color = color, Symbol = MarkerSymbol.TriangleDownOpen, Size = 8, Line = new MarkerLine { Color = color, Width = 1.5m } },
        HoverTextArray = [.. points.Select(HoverText)],
        HoverInfo = HoverInfoFlag.Text,
    };

    /// <summary>Known bands in their fixed order (ZTF, then LSST u to y), every other band after them.</summary>
    private static int BandRank(string band)
    {
        var index = Array.FindIndex(KnownBands, known => string.Equals(known.Band, band, StringComparison.OrdinalIgnoreCase));
        return index < 0 ? int.MaxValue : index;
    }

    private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Plotly reads a few HTML tags in names and hover text; a band or source name from a broker is text, not markup.</summary>
    private static string Plain(string text) => text.Replace("<", "&lt;", StringComparison.Ordinal);
}
