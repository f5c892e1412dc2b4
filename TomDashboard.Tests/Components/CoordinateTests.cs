using Bunit;
using TomDashboard.Components.Shared;

namespace TomDashboard.Tests.Components;

/// <summary>The coordinate cell of the target page and the targets list.</summary>
public sealed class CoordinateTests : BunitContext
{
    [Fact]
    public void An_ra_just_below_360_shows_as_zero_degrees_not_360()
    {
        var cell = Render<Coordinate>(parameters => parameters.Add(each => each.Degrees, 359.999997).Add(each => each.IsRa, true));

        // 23:59:59.99928 h: the sexagesimal form shows finer digits, the degrees round up and wrap.
        Assert.Equal(["0.00000°", "23:59:59.999"], cell.FindAll("div").Select(div => div.TextContent));
    }

    [Fact]
    public void A_dec_shows_its_sign_in_both_forms()
    {
        var cell = Render<Coordinate>(parameters => parameters.Add(each => each.Degrees, -0.5).Add(each => each.IsRa, false));

        Assert.Equal(["-0.50000°", "-00:30:00.00"], cell.FindAll("div").Select(div => div.TextContent));
    }
}
