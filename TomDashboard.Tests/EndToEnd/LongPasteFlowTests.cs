using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace TomDashboard.Tests.EndToEnd;

/// <summary>ALeRCE without a network: its classifier lists fail at once, and the form takes free text.</summary>
public class OfflineAlerceServer : DashboardServer
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Brokers:ALeRCE:ZtfBaseUrl"] = "http://127.0.0.1:9/ztf/v1",
        ["Brokers:ALeRCE:Retries"] = "0",
    };
}

/// <summary>A 130 KB paste of 10,000 ids goes through the real circuit (four times SignalR's default limit) and is saved.</summary>
public abstract partial class LongPasteFlowTests(OfflineAlerceServer server)
{
    [Fact]
    public async Task Ten_thousand_pasted_ids_survive_the_circuit_and_are_saved()
    {
        var pasted = string.Join('\n', Enumerable.Range(0, 10_000).Select(n => "ZTF18" + string.Concat($"{n:0000000}".Select(digit => (char)('a' + digit - '0')))));
        var page = await server.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync("alerts/query/create?broker=ALeRCE");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Query name *", Exact = true }).FillAsync("Ten thousand");
        var ids = page.GetByRole(AriaRole.Textbox, new() { Name = "Object ids", Exact = true });
        // What a paste does: the whole text arrives in one input event.
        await ids.EvaluateAsync("(e, text) => { e.value = text; e.dispatchEvent(new Event('input', { bubbles: true })); e.dispatchEvent(new Event('change', { bubbles: true })); }", pasted);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(QueryList());
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Ten thousand", Exact = true })).ToBeVisibleAsync();
        await page.GotoAsync("alerts/query/1/update");
        await Assertions.Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Object ids", Exact = true })).ToHaveValueAsync(pasted);
        Assert.Empty(errors);
    }

    [GeneratedRegex("/alerts/query/list$")]
    private static partial Regex QueryList();
}

/// <summary>The same offline ALeRCE, with the app on PostgreSQL.</summary>
public sealed class OfflineAlercePostgresServer : OfflineAlerceServer
{
    protected override TomDashboard.Data.DatabaseProvider Provider => TomDashboard.Data.DatabaseProvider.Postgres;
}

public sealed class LongPasteFlowOnSqliteTests(OfflineAlerceServer server) : LongPasteFlowTests(server), IClassFixture<OfflineAlerceServer>;

public sealed class LongPasteFlowOnPostgresTests(OfflineAlercePostgresServer server) : LongPasteFlowTests(server), IClassFixture<OfflineAlercePostgresServer>;
