using System.Text.Json;
using Plotly.Blazor.Traces;
using TomDashboard.Components.Shared;
using TomDashboard.Targets;
using MarkerSymbol = Plotly.Blazor.Traces.ScatterLib.MarkerLib.SymbolEnum;
using YAxisAutoRange = Plotly.Blazor.LayoutLib.YAxisLib.AutoRangeEnum;

namespace TomDashboard.Tests.Components;

public sealed class LightCurveModelTests
{
    /// <summary>MJD 60310.0.</summary>
    private static readonly DateTimeOffset NewYear2024 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static Photometry Detection(string band, string source, double days, double magnitude, double? error = 0.05) =>
        new() { Band = band, Source = source, Timestamp = NewYear2024.AddDays(days), Magnitude = magnitude, MagnitudeError = error };

    private static Photometry Limit(string band, string source, double days, double limit) =>
        new() { Band = band, Source = source, Timestamp = NewYear2024.AddDays(days), Limit = limit };

    private static List<Scatter> Traces(params Photometry[] points) => LightCurveModel.Traces(points).Cast<Scatter>().ToList();

    [Fact]
    public void Groups_detections_and_limits_by_band_and_source_one_trace_each()
    {
        var traces = Traces(
            Detection("ztfr", "ALeRCE", 1, 18.4),
            Limit("ztfr", "ALeRCE", 2, 20.1),
            Detection("ztfg", "ZTF", 3, 18.1),
            Detection("ztfg", "ALeRCE", 0, 18.2),
            Limit("ztfg", "ALeRCE", 4, 20.5),
            Detection("ztfg", "ALeRCE", 5, 18.0),
            Limit("ztfr", "ALeRCE", 6, 20.3));

        Assert.Equal(
            ["ztfg · ALeRCE", "ztfg limits · ALeRCE", "ztfg · ZTF", "ztfr · ALeRCE", "ztfr limits · ALeRCE"],
            traces.Select(trace => trace.Name));
        Assert.Equal([2, 1, 1, 1, 2], traces.Select(trace => trace.X.Count));
        Assert.Equal([18.2, 18.0], traces[0].Y);
        Assert.Equal([20.1, 20.3], traces[4].Y);
    }

    [Fact]
    public void X_is_the_mjd_of_each_point_in_time_order_and_error_bars_come_from_the_magnitude_errors()
    {
        var trace = Traces(
            Detection("lsstg", "Rubin", 0.5, 21.3, error: 0.12),
            Detection("lsstg", "Rubin", 0, 21.5, error: 0.2)).Single();

        Assert.Equal([60310.0, 60310.5], trace.X);
        Assert.Equal([21.5, 21.3], trace.Y);
        Assert.Equal(Plotly.Blazor.Traces.ScatterLib.ErrorYLib.TypeEnum.Data, trace.ErrorY.Type);
        Assert.True(trace.ErrorY.Visible);
        Assert.Equal([0.2, 0.12], trace.ErrorY.Array);
    }

    [Fact]
    public void Each_band_has_one_colour_known_bands_from_the_fixed_map_others_from_the_palette()
    {
        var traces = Traces(
            Detection("ztfg", "ALeRCE", 0, 18),
            Limit("ztfg", "ZTF", 1, 20),
            Detection("ztfr", "ALeRCE", 0, 18),
            Detection("LSSTR", "Fink", 0, 19),
            Detection("c", "ATLAS", 0, 17),
            Detection("ATLAS-o", "ATLAS", 0, 17));
        string Color(string name) => (string)traces.Single(trace => trace.Name == name).Marker.Color;

        Assert.Equal("#009E73", Color("ztfg · ALeRCE"));
        Assert.Equal("#009E73", Color("ztfg limits · ZTF"));
        Assert.Equal("#009E73", traces.Single(trace => trace.Name == "ztfg · ALeRCE").ErrorY.Color);
        Assert.Equal("#D55E00", Color("ztfr · ALeRCE"));
        Assert.Equal(LightCurveModel.BandColors["lsstr"], Color("LSSTR · Fink"));
        Assert.Equal(LightCurveModel.OtherBandPalette[0], Color("ATLAS-o · ATLAS"));
        Assert.Equal(LightCurveModel.OtherBandPalette[1], Color("c · ATLAS"));
        Assert.Equal(9, LightCurveModel.BandColors.Values.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Limits_are_open_downward_triangles_and_detections_circles()
    {
        var traces = Traces(Detection("ztfg", "ZTF", 0, 18), Limit("ztfg", "ZTF", 1, 20.5));

        Assert.Equal(MarkerSymbol.Circle, traces[0].Marker.Symbol);
        Assert.Equal(MarkerSymbol.TriangleDownOpen, traces[1].Marker.Symbol);
        Assert.Null(traces[1].ErrorY);
        Assert.Equal("\"triangle-down-open\"", JsonSerializer.Serialize(traces[1].Marker.Symbol));
    }

    [Fact]
    public void Hover_text_has_the_utc_time_mjd_magnitude_or_limit_band_and_source()
    {
        var traces = Traces(Detection("ztfr", "ALeRCE", 0.5, 18.2, error: 0.05), Limit("ztfr", "ZTF", 0.5, 20.5));

        Assert.Equal(Plotly.Blazor.Traces.ScatterLib.HoverInfoFlag.Text, traces[0].HoverInfo);
        var detection = Assert.Single(traces[0].HoverTextArray);
        Assert.Equal("2024-01-01 12:00:00 UTC<br>MJD 60310.50000<br>ztfr 18.200 ± 0.050<br>ALeRCE", detection);
        var limit = Assert.Single(traces[1].HoverTextArray);
        Assert.Contains("2024-01-01 12:00:00 UTC", limit, StringComparison.Ordinal);
        Assert.Contains("MJD 60310.50000", limit, StringComparison.Ordinal);
        Assert.Contains("ztfr > 20.50", limit, StringComparison.Ordinal);
        Assert.EndsWith("ZTF", limit, StringComparison.Ordinal);
    }

    [Fact]
    public void Hover_text_shows_utc_even_for_a_timestamp_with_an_offset_and_no_error_when_there_is_none()
    {
        var point = new Photometry
        {
            Band = "ztfg",
            Source = "Lasair",
            Magnitude = 19.25,
            Timestamp = new DateTimeOffset(2024, 1, 1, 14, 0, 0, TimeSpan.FromHours(2)),
        };

        var text = LightCurveModel.HoverText(point);

        Assert.StartsWith("2024-01-01 12:00:00 UTC<br>MJD 60310.50000<br>ztfg 19.250<br>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("±", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Points_with_neither_magnitude_nor_limit_are_left_out_and_no_points_make_no_traces()
    {
        var blank = new Photometry { Band = "ztfg", Source = "ZTF", Timestamp = NewYear2024 };

        Assert.Empty(Traces());
        Assert.Empty(Traces(blank));
        Assert.Equal(["ztfg · ZTF"], Traces(blank, Detection("ztfg", "ZTF", 1, 18)).Select(trace => trace.Name));
    }

    [Fact]
    public void A_name_from_a_broker_is_text_not_markup()
    {
        var trace = Traces(Detection("ztfg", "<b>Broker</b>", 0, 18)).Single();

        Assert.Equal("ztfg · &lt;b>Broker&lt;/b>", trace.Name);
        Assert.EndsWith("&lt;b>Broker&lt;/b>", trace.HoverTextArray.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void Layout_reverses_the_magnitude_axis_labels_mjd_and_suits_a_dark_page()
    {
        var layout = LightCurveModel.BuildLayout();

        var yAxis = Assert.Single(layout.YAxis);
        Assert.Equal(YAxisAutoRange.Reversed, yAxis.AutoRange);
        Assert.Equal("Magnitude", yAxis.Title.Text);
        var xAxis = Assert.Single(layout.XAxis);
        Assert.Equal("MJD", xAxis.Title.Text);
        Assert.Equal(Plotly.Blazor.LayoutLib.XAxisLib.ExponentFormatEnum.None, xAxis.ExponentFormat);
        Assert.Equal("rgba(0,0,0,0)", layout.PaperBgColor);
        Assert.Equal("rgba(0,0,0,0)", layout.PlotBgColor);
        Assert.StartsWith("rgba(255,255,255,", (string)layout.Font.Color, StringComparison.Ordinal);
        Assert.True(LightCurveModel.BuildConfig().Responsive);
    }
}
