using TomDashboard.Targets;

namespace TomDashboard.Tests.Targets;

public sealed class TargetNameRulesTests
{
    [Theory]
    [InlineData("AT 2024abc", "2024abc")]
    [InlineData("AT2024abc", "2024abc")]
    [InlineData("SN 2024abc", "2024abc")]
    [InlineData("TNS2024abc", "2024abc")]
    [InlineData("2024ABC", "2024abc")]
    [InlineData("ZTF24-aaa_bbb (c)", "ztf24aaabbbc")]
    [InlineData("ATLAS24abc", "atlas24abc")]
    [InlineData("SNAD 123", "snad123")]
    [InlineData("[MLR2005] 17", "mlr200517")]
    public void Simplifies_names_for_matching(string name, string simplified) =>
        Assert.Equal(simplified, TargetNameRules.Simplify(name));
}
