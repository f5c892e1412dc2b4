using System.Text.Json;
using Bunit;
using Plotly.Blazor;
using Plotly.Blazor.Traces;
using TomDashboard.Components.Shared;
using TomDashboard.Targets;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Components;

public sealed class LightCurveTests : DashboardTestContext
{
    private const string EmptyText = "No detections or limits to plot.";

    private static readonly DateTimeOffset NewYear2024 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static List<Photometry> AlercePoints() =>
    [
        new() { Band = "ztfg", Source = "ALeRCE", Timestamp = NewYear2024, Magnitude = 18.2, MagnitudeError = 0.05 },
        new() { Band = "ztfg", Source = "ALeRCE", Timestamp = NewYear2024.AddDays(2), Magnitude = 18.0, MagnitudeError = 0.04 },
        new() { Band = "ztfr", Source = "ALeRCE", Timestamp = NewYear2024.AddDays(1), Magnitude = 18.6, MagnitudeError = 0.06 },
        new() { Band = "ztfr", Source = "ALeRCE", Timestamp = NewYear2024.AddDays(3), Limit = 20.21 },
    ];

    private IRenderedComponent<LightCurve> RenderCurve(IReadOnlyList<Photometry> points) =>
        Render<LightCurve>(parameters => parameters.Add(curve => curve.Points, points));

    /// <summary>The JSON of every call the chart made to Plotly.Blazor's interop module with this name: what plotly.js receives.</summary>
    private List<string> PlotlyCalls(string identifier) =>
        [.. JSInterop.Invocations
            .Where(invocation => invocation.Identifier == identifier)
            .Select(invocation => JsonSerializer.Serialize(invocation.Arguments))];

    [Fact]
    public void Draws_one_trace_per_band_source_and_kind_and_hands_plotly_the_markers_axes_and_hover_text()
    {
        var curve = RenderCurve(AlercePoints());

        var chart = curve.FindComponent<PlotlyChart>();
        Assert.Equal(
            ["ztfg · ALeRCE", "ztfr · ALeRCE", "ztfr limits · ALeRCE"],
            chart.Instance.Data.Cast<Scatter>().Select(trace => trace.Name));
        Assert.Empty(curve.FindAll("[data-testid='light-curve-empty']"));
        Assert.Single(curve.FindAll("div[data-testid='light-curve']"));

        curve.WaitForAssertion(() => Assert.Single(PlotlyCalls("newPlot")));
        var plot = PlotlyCalls("newPlot").Single();
        Assert.Contains("\"name\":\"ztfr limits \\u00B7 ALeRCE\"", plot, StringComparison.Ordinal);
        Assert.Contains("\"symbol\":\"triangle-down-open\"", plot, StringComparison.Ordinal);
        Assert.Contains("\"autorange\":\"reversed\"", plot, StringComparison.Ordinal);
        Assert.Contains("\"paper_bgcolor\":\"rgba(0,0,0,0)\"", plot, StringComparison.Ordinal);
        Assert.Contains("\"x\":[60310,60312]", plot, StringComparison.Ordinal);
        Assert.Contains("\"error_y\":{\"array\":[0.05,0.04]", plot, StringComparison.Ordinal);
        Assert.Contains("2024-01-04 00:00:00 UTC\\u003Cbr\\u003EMJD 60313.00000\\u003Cbr\\u003Eztfr \\u003E 20.21", plot, StringComparison.Ordinal);
    }

    [Fact]
    public void Loads_the_plotly_js_that_ships_in_the_package_not_a_cdn()
    {
        RenderCurve(AlercePoints());

        JSInterop.VerifyInvoke("import");
        Assert.Contains(JSInterop.Invocations["import"], call => Equals(call.Arguments[0], "./_content/Plotly.Blazor/plotly-interop-7.2.0.js"));
        var script = Assert.Single(JSInterop.Invocations["importScript"]);
        Assert.Equal("./_content/Plotly.Blazor/plotly-3.7.0.min.js", script.Arguments[1]);
    }

    [Fact]
    public void A_new_points_list_redraws_the_same_chart_with_the_new_traces()
    {
        var curve = RenderCurve(AlercePoints());
        var chart = curve.FindComponent<PlotlyChart>();
        curve.WaitForAssertion(() => Assert.Single(PlotlyCalls("newPlot")));
        Assert.Empty(PlotlyCalls("react"));

        var updated = AlercePoints();
        updated.Add(new Photometry { Band = "lsstg", Source = "Fink", Timestamp = NewYear2024.AddDays(4), Magnitude = 21.4, MagnitudeError = 0.1 });
        curve.Render(parameters => parameters.Add(each => each.Points, updated));

        curve.WaitForAssertion(() => Assert.Single(PlotlyCalls("react")));
        Assert.Contains("\"name\":\"lsstg \\u00B7 Fink\"", PlotlyCalls("react").Single(), StringComparison.Ordinal);
        Assert.Same(chart.Instance, curve.FindComponent<PlotlyChart>().Instance);
        Assert.Single(PlotlyCalls("newPlot"));
        Assert.Contains("lsstg · Fink", chart.Instance.Data.Cast<Scatter>().Select(trace => trace.Name));

        // The same list again (the page re-rendering for another reason) draws nothing new.
        curve.Render(parameters => parameters.Add(each => each.Points, updated));
        Assert.Single(PlotlyCalls("react"));
    }

    [Fact]
    public void Without_points_it_says_so_instead_of_drawing_an_empty_chart_and_draws_once_points_arrive()
    {
        var curve = RenderCurve([]);

        Assert.Equal(EmptyText, curve.Find("[data-testid='light-curve-empty']").TextContent);
        Assert.Empty(curve.FindComponents<PlotlyChart>());
        Assert.Empty(PlotlyCalls("newPlot"));

        curve.Render(parameters => parameters.Add(each => each.Points, [new Photometry { Band = "ztfg", Source = "ZTF", Timestamp = NewYear2024 }]));
        Assert.Equal(EmptyText, curve.Find("[data-testid='light-curve-empty']").TextContent);

        curve.Render(parameters => parameters.Add(each => each.Points, AlercePoints()));
        curve.WaitForAssertion(() => Assert.Single(PlotlyCalls("newPlot")));
        Assert.Empty(curve.FindAll("[data-testid='light-curve-empty']"));
        Assert.Empty(PlotlyCalls("react"));
    }
}
