using System.Text;
using System.Text.Json;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TomDashboard.Brokers;
using TomDashboard.Brokers.Alerce;
using TomDashboard.Brokers.Forms;
using TomDashboard.Components.Pages.Alerts;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Components;

/// <summary>What a new user types into the query editor: numbers it cannot read, and long pasted lists.</summary>
public sealed class QueryEditorInputTests : DashboardTestContext
{
    private const string NumbersBroker = "Numbers";
    private IRenderedComponent<MudSnackbarProvider> _snackbars = default!;

    public QueryEditorInputTests()
    {
        // Only the catalog entry is needed: the editor saves parameters and never builds the broker.
        Services.AddSingleton(new BrokerRegistration(NumbersBroker, typeof(ChannelBroker), typeof(NumberKindsParameters), "", _ => new BrokerOptions()));
        Services.AddSingleton(new BrokerRegistration("ALeRCE", typeof(AlerceBroker), typeof(AlerceParameters), "", _ => new AlerceOptions()));
    }

    private string Uri => Services.GetRequiredService<NavigationManager>().Uri;

    private IRenderedComponent<QueryEditor> OpenCreate(string broker)
    {
        Render<MudPopoverProvider>();
        _snackbars = Render<MudSnackbarProvider>();
        Services.GetRequiredService<NavigationManager>().NavigateTo($"alerts/query/create?broker={broker}");
        var page = Render<QueryEditor>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-parameter='QueryName'] input")));
        return page;
    }

    private static AngleSharp.Dom.IElement Editor(IRenderedComponent<QueryEditor> page, string field) =>
        page.Find($"[data-parameter='{field}'] input, [data-parameter='{field}'] textarea");

    private static void Save(IRenderedComponent<QueryEditor> page) =>
        page.FindAll("button").Single(button => button.TextContent.Trim() == "Save").Click();

    private async Task<int> SavedCountAsync()
    {
        await using var database = await Database.Factory.CreateDbContextAsync(Cancellation);
        return await database.BrokerQueries.CountAsync(Cancellation);
    }

    [Theory]
    [InlineData(nameof(NumberKindsParameters.Magnitude), "abc", "Not a number: type digits, such as 12.5.")]
    [InlineData(nameof(NumberKindsParameters.Magnitude), "NaN", "NaN is not a number this field can use: type digits, such as 12.5.")]
    [InlineData(nameof(NumberKindsParameters.Magnitude), "1e309", "Out of range: use a number from -1.7E+308 to 1.7E+308.")]
    [InlineData(nameof(NumberKindsParameters.Count), "99999999999999999999", "Out of range: use a whole number from -2147483648 to 2147483647.")]
    [InlineData(nameof(NumberKindsParameters.Magnitude), "1,5", "Use a point for decimals: 1.5.")]
    public async Task Save_refuses_unreadable_numbers_and_keeps_every_entry(string field, string text, string message)
    {
        var page = OpenCreate(NumbersBroker);
        Editor(page, "QueryName").Input("Faint ones");
        Editor(page, nameof(NumberKindsParameters.Note)).Input("keep me");
        Editor(page, field).Input(text);

        Save(page);

        _snackbars.WaitForAssertion(() => Assert.Contains("Some fields need attention", _snackbars.Markup, StringComparison.Ordinal));
        Assert.Contains(message, page.Find($"[data-parameter='{field}']").TextContent, StringComparison.Ordinal);
        Assert.Equal(text, Editor(page, field).GetAttribute("value"));
        Assert.Equal("Faint ones", Editor(page, "QueryName").GetAttribute("value"));
        Assert.Equal("keep me", Editor(page, nameof(NumberKindsParameters.Note)).GetAttribute("value"));
        Assert.EndsWith($"create?broker={NumbersBroker}", Uri, StringComparison.Ordinal);
        Assert.Equal(0, await SavedCountAsync());
    }

    [Fact]
    public async Task A_fixed_number_saves()
    {
        var page = OpenCreate(NumbersBroker);
        Editor(page, "QueryName").Input("Faint ones");
        Editor(page, nameof(NumberKindsParameters.Magnitude)).Input("1,5");
        Save(page);
        _snackbars.WaitForAssertion(() => Assert.Contains("Some fields need attention", _snackbars.Markup, StringComparison.Ordinal));

        Editor(page, nameof(NumberKindsParameters.Magnitude)).Input("1.5");
        Editor(page, nameof(NumberKindsParameters.Count)).Input("-3");
        Save(page);

        page.WaitForAssertion(() => Assert.EndsWith("/alerts/query/list", Uri, StringComparison.Ordinal));
        await using var database = await Database.Factory.CreateDbContextAsync(Cancellation);
        var saved = JsonDocument.Parse((await database.BrokerQueries.SingleAsync(Cancellation)).ParametersJson).RootElement;
        Assert.Equal(1.5, saved.GetProperty("magnitude").GetDouble());
        Assert.Equal(-3, saved.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Ten_thousand_pasted_alerce_ids_are_bound_validated_and_stored()
    {
        var ids = Enumerable.Range(0, 10_000).Select(ZtfId).ToList();
        var pasted = string.Join('\n', ids);
        Assert.True(pasted.Length > 125_000, "about 130 KB, four times the circuit's default receive limit");
        var page = OpenCreate("ALeRCE");
        Assert.Equal(ParameterField.ListMaxLength.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Editor(page, nameof(AlerceParameters.ObjectIds)).GetAttribute("maxlength"));

        Editor(page, "QueryName").Input("Many objects");
        Editor(page, nameof(AlerceParameters.ObjectIds)).Input(pasted);
        Save(page);

        page.WaitForAssertion(() => Assert.EndsWith("/alerts/query/list", Uri, StringComparison.Ordinal));
        await using var database = await Database.Factory.CreateDbContextAsync(Cancellation);
        var query = await database.BrokerQueries.SingleAsync(Cancellation);
        Assert.True(BrokerParameters.TryDeserialize(query.ParametersJson, typeof(AlerceParameters), out var saved, out _));
        var parameters = Assert.IsType<AlerceParameters>(saved);
        Assert.Equal(ids, parameters.ObjectIdList());
        Assert.True(ParameterValidator.Validate(parameters).IsValid);
    }

    /// <summary>ZTF, a year, seven letters: distinct for every n.</summary>
    private static string ZtfId(int n)
    {
        var letters = new StringBuilder(7);
        for (var i = 0; i < 7; i++, n /= 26)
        {
            letters.Insert(0, (char)('a' + n % 26));
        }

        return $"ZTF18{letters}";
    }
}
