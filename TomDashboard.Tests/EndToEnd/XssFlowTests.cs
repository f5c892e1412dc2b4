using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TomDashboard.Alerts;
using TomDashboard.Streams.Live;
using TomDashboard.Tests.Brokers.Alerce;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.EndToEnd;

/// <summary>Markup that runs if a page renders remote or user text as HTML, or turns it into a link.</summary>
public static class XssPayloads
{
    public const string Script = "<script>window.__xss('script')</script>";
    public const string Img = "<img src=x onerror=\"window.__xss('img')\">";
    public const string Link = "javascript:window.__xss('link')";
    public const string Svg = "\"><svg onload=\"window.__xss('svg')\">";
    public const string Data = "data:text/html,<script>window.__xss('data')</script>";

    public static readonly string[] All = [Script, Img, Link, Svg, Data];

    /// <summary>Records what ran, before any page script: a payload that executes leaves its name here.</summary>
    public const string Recorder = "window.__xss = m => (window.__hits = window.__hits || []).push(m);";

    /// <summary>The text as it stands inside a JSON string that keeps &lt; and &gt; (how View shows it): quotes escaped.</summary>
    public static string AsJsonText(string payload) => JsonSerializer.Serialize(payload, RelaxedJson)[1..^1];

    /// <summary>JSON as a careless server writes it: &lt; and &gt; as they are, not as \u003C.</summary>
    public static readonly JsonSerializerOptions RelaxedJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}

/// <summary>
/// The app with two brokers pointed at one local server that answers with the payloads: ALeRCE (object ids, classes and
/// classifiers, and error bodies for the oids <c>fail500</c> and <c>fail400</c>) and MyBroker (names, extra fields, and a
/// configured URL that carries a payload in its query, which is every MyBroker row's link).
/// </summary>
public class XssBrokerServer : DashboardServer
{
    public const string RowsOid = "xssrows";
    public const string ServerErrorOid = "fail500";
    public const string BadRequestOid = "fail400";

    private LocalHttpServer? _brokers;

    public LocalHttpServer Brokers => _brokers!;

    /// <summary>MyBroker's data address: a real http URL whose query holds the attribute-breaking payload.</summary>
    public string MyBrokerUrl => $"{Brokers.Address.ToString().TrimEnd('/')}/mybroker/alerts.json?ref={XssPayloads.Svg}";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        // No simulated stream: the live page shows only what the test publishes.
        ["Streams:0:Active"] = "false",
        ["Brokers:MyBroker:Url"] = MyBrokerUrl,
        ["Brokers:ALeRCE:ZtfBaseUrl"] = $"{Brokers.Address.ToString().TrimEnd('/')}/ztf/v1",
        ["Brokers:ALeRCE:LsstBaseUrl"] = Brokers.Address.ToString().TrimEnd('/'),
        ["Brokers:ALeRCE:Retries"] = "0",
    };

    /// <summary>What each error answer says: every payload, after words, so the page quotes it (it drops bodies that start with '&lt;').</summary>
    public static string ErrorWords => "The broker is unwell: " + string.Join(" ", XssPayloads.All);

    protected override async Task BeforeStartAsync() => _brokers = await LocalHttpServer.StartAsync(context =>
    {
        var path = context.Request.Path.Value ?? "";
        if (path == "/mybroker/alerts.json")
        {
            return context.WriteJsonAsync(MyBrokerData());
        }

        if (path == "/ztf/v1/classifiers")
        {
            return context.WriteJsonAsync(Fixtures.Text(AlerceFixtures.ClassifiersFile));
        }

        if (path.EndsWith("/lightcurve", StringComparison.Ordinal))
        {
            return context.WriteJsonAsync("""{"detections": [], "non_detections": []}""");
        }

        if (path == "/ztf/v1/objects/")
        {
            return context.Request.Query["oid"].ToString() switch
            {
                RowsOid => context.WriteJsonAsync(AlerceRows()),
                ServerErrorOid => AnswerAsync(context, StatusCodes.Status500InternalServerError, "text/plain", ErrorWords),
                BadRequestOid => AnswerAsync(context, StatusCodes.Status400BadRequest, "application/json", Relaxed(new JsonObject { ["detail"] = ErrorWords })),
                _ => AnswerAsync(context, StatusCodes.Status404NotFound, "text/plain", "no such object"),
            };
        }

        return AnswerAsync(context, StatusCodes.Status404NotFound, "text/plain", "not found");
    });

    protected override async ValueTask AfterStopAsync()
    {
        if (_brokers is not null)
        {
            await _brokers.DisposeAsync();
        }
    }

    /// <summary>One ALeRCE page: an object per payload, named by it, with payloads for its class and classifier, 36″ apart.</summary>
    private static string AlerceRows()
    {
        var items = XssPayloads.All.Select((payload, index) =>
        {
            var item = AlerceFixtures.ZtfListItem(payload, XssPayloads.All[(index + 1) % XssPayloads.All.Length], XssPayloads.All[(index + 2) % XssPayloads.All.Length], 0.5);
            item["meandec"] = item["meandec"]!.GetValue<double>() + index * 0.01;
            return item;
        }).ToArray();
        var page = JsonNode.Parse(AlerceFixtures.ZtfPage(1, hasNext: false, items))!;
        return Relaxed(page);
    }

    /// <summary>MyBroker's list: an alert per payload, named by it, with extra fields holding links of each bad kind.</summary>
    private static string MyBrokerData() => Relaxed(new JsonArray([.. XssPayloads.All.Select((payload, index) => new JsonObject
    {
        ["id"] = $"xss-{index}",
        ["name"] = payload,
        ["timestamp"] = "2026-03-01T04:05:06Z",
        ["ra"] = 150.0 + index,
        ["dec"] = 2.0 + index,
        ["mag"] = 18.25,
        ["score"] = 0.5,
        ["classification"] = XssPayloads.Img,
        ["url"] = XssPayloads.Link,
        ["page"] = XssPayloads.Data,
    })]));

    private static string Relaxed(JsonNode node) => node.ToJsonString(XssPayloads.RelaxedJson);

    private static Task AnswerAsync(HttpContext context, int status, string contentType, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(body, context.RequestAborted);
    }
}

/// <summary>
/// Every place remote or user text reaches a page, fed with markup and script URLs. The content security policy would
/// refuse inline script anyway, so what proves text-not-markup is the DOM: no element or handler made from a payload,
/// no javascript:/data: link, and the payload visible as literal text.
/// </summary>
public abstract class XssFlowTests(XssBrokerServer server)
{
    [Fact]
    public async Task The_probe_catches_markup_that_was_rendered_as_html()
    {
        // The checks below would fail a page that rendered the payloads as markup: shown here on a page without a policy.
        var probe = await XssProbe.OpenAsync(server);
        await probe.Page.GotoAsync("about:blank");
        var html = string.Concat(XssPayloads.All.Select(payload => $"<div>{payload}</div>"))
            + $"<a href=\"{XssPayloads.Link}\">link</a><a href=\"{XssPayloads.Data}\">data</a>";
        await probe.Page.SetContentAsync(html);

        var problems = await probe.ProblemsAsync();
        Assert.Contains(problems, problem => problem.StartsWith("ran: ", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.Contains("onerror", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.Contains("onload", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.StartsWith("inline script", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.Contains("href=javascript:", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.Contains("href=data:", StringComparison.Ordinal));
        await probe.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task Broker_rows_their_raw_json_and_a_target_made_from_one_show_the_payloads_as_text()
    {
        var probe = await XssProbe.OpenAsync(server);
        var page = probe.Page;

        // ALeRCE: five rows named by the payloads; the saved query is named by one too.
        await page.GotoAsync("alerts/query/list");
        await page.GetByRole(AriaRole.Link, new() { Name = "Create ALeRCE query" }).ClickAsync();
        await page.GetByLabel("Query name").FillAsync(XssPayloads.Script);
        await page.GetByLabel("Object ids").FillAsync(XssBrokerServer.RowsOid);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and run" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("run-status")).ToHaveTextAsync("Finished");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = XssPayloads.Script, Exact = true })).ToBeVisibleAsync();
        foreach (var payload in XssPayloads.All)
        {
            var name = NameCell(page, payload);
            await Assertions.Expect(name).ToHaveTextAsync(payload);
            // The link is ALeRCE's page for the object, the id escaped into its path.
            await Assertions.Expect(name).ToHaveAttributeAsync("href", $"https://alerce.online/object/{Uri.EscapeDataString(payload)}");
        }

        await probe.AssertCleanAsync("ALeRCE rows");

        // View: the item as ALeRCE sent it, payloads and all, as text.
        var imgRow = Row(page, XssPayloads.Img);
        await imgRow.GetByRole(AriaRole.Button, new() { Name = "View" }).ClickAsync();
        var rawJson = page.GetByRole(AriaRole.Dialog).GetByTestId("raw-json");
        await Assertions.Expect(rawJson).ToContainTextAsync($"\"oid\": \"{XssPayloads.AsJsonText(XssPayloads.Img)}\"");
        await Assertions.Expect(rawJson).ToContainTextAsync($"\"class\": \"{XssPayloads.AsJsonText(XssPayloads.Link)}\"");
        await Assertions.Expect(rawJson).ToContainTextAsync($"\"classifier\": \"{XssPayloads.AsJsonText(XssPayloads.Svg)}\"");

        await probe.AssertCleanAsync("ALeRCE View");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true }).First.ClickAsync();

        // A target from the <img> row: the snackbar, then the target page with the class and classifier as extra fields.
        await imgRow.GetByRole(AriaRole.Button, new() { Name = "Create target" }).ClickAsync();
        var created = page.Locator(".mud-snackbar", new() { HasText = $"Target {XssPayloads.Img} created." });
        await Assertions.Expect(created).ToBeVisibleAsync();
        await probe.AssertCleanAsync("the target-created snackbar");
        await created.GetByRole(AriaRole.Link, new() { Name = "Open target" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("target-name")).ToHaveTextAsync(XssPayloads.Img);
        var extras = page.Locator("table", new() { HasText = "classifier" });
        await Assertions.Expect(ExtraValue(extras, "classifier")).ToHaveTextAsync(XssPayloads.Svg);
        await Assertions.Expect(ExtraValue(extras, "class")).ToHaveTextAsync(XssPayloads.Link);
        await probe.AssertCleanAsync("the target page of an ALeRCE row");

        // MyBroker: its row links to the configured URL (a payload in its query) as an attribute, never as markup.
        await page.GotoAsync("alerts/query/list");
        await page.GetByRole(AriaRole.Link, new() { Name = "Create MyBroker query" }).ClickAsync();
        await page.GetByLabel("Query name").FillAsync(XssPayloads.Img);
        await page.GetByLabel("Target name").FillAsync(XssPayloads.Svg);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and run" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("run-status")).ToHaveTextAsync("Finished");
        var myName = NameCell(page, XssPayloads.Svg);
        await Assertions.Expect(myName).ToHaveTextAsync(XssPayloads.Svg);
        Assert.Equal(server.MyBrokerUrl, await myName.GetAttributeAsync("href"));
        await Assertions.Expect(page.Locator("tr.alert-row")).ToHaveCountAsync(1);
        await probe.AssertCleanAsync("the MyBroker row");

        await page.Locator("tr.alert-row").GetByRole(AriaRole.Button, new() { Name = "View" }).ClickAsync();
        var myJson = page.GetByRole(AriaRole.Dialog).GetByTestId("raw-json");
        await Assertions.Expect(myJson).ToContainTextAsync($"\"url\": \"{XssPayloads.AsJsonText(XssPayloads.Link)}\"");
        await Assertions.Expect(myJson).ToContainTextAsync($"\"page\": \"{XssPayloads.AsJsonText(XssPayloads.Data)}\"");
        await Assertions.Expect(myJson).ToContainTextAsync($"\"classification\": \"{XssPayloads.AsJsonText(XssPayloads.Img)}\"");
        await probe.AssertCleanAsync("MyBroker View");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true }).First.ClickAsync();

        // The saved query names, in the list and in the delete confirmation.
        await page.GotoAsync("alerts/query/list");
        foreach (var queryName in new[] { XssPayloads.Script, XssPayloads.Img })
        {
            await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = queryName, Exact = true })).ToBeVisibleAsync();
        }

        await page.Locator("tr", new() { Has = page.GetByRole(AriaRole.Cell, new() { Name = XssPayloads.Script, Exact = true }) })
            .GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        var confirm = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(confirm).ToContainTextAsync($"Delete the query \u201c{XssPayloads.Script}\u201d?");
        await probe.AssertCleanAsync("the saved query list and its delete confirmation");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Keep" }).ClickAsync();
        await probe.AssertCleanAsync("the saved query list");
    }

    [Fact]
    public async Task A_brokers_error_message_is_quoted_as_text_on_the_run_page()
    {
        var probe = await XssProbe.OpenAsync(server);
        var page = probe.Page;
        foreach (var (queryName, oid, status) in new[]
        {
            (XssPayloads.Svg, XssBrokerServer.ServerErrorOid, "HTTP 500 Internal Server Error"),
            (XssPayloads.Data, XssBrokerServer.BadRequestOid, "HTTP 400 Bad Request"),
        })
        {
            await page.GotoAsync("alerts/query/list");
            await page.GetByRole(AriaRole.Link, new() { Name = "Create ALeRCE query" }).ClickAsync();
            await page.GetByLabel("Query name").FillAsync(queryName);
            await page.GetByLabel("Object ids").FillAsync(oid);
            await page.GetByRole(AriaRole.Button, new() { Name = "Save and run" }).ClickAsync();

            var feedback = page.GetByTestId("broker-feedback");
            await Assertions.Expect(feedback).ToContainTextAsync($"ALeRCE answered with an error ({status}). It said: ");
            foreach (var payload in XssPayloads.All)
            {
                await Assertions.Expect(feedback).ToContainTextAsync(oid == XssBrokerServer.BadRequestOid ? XssPayloads.AsJsonText(payload) : payload);
            }

            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = queryName, Exact = true })).ToBeVisibleAsync();
            await probe.AssertCleanAsync($"the run page after {status}");
        }
    }

    [Fact]
    public async Task Live_alerts_with_script_and_data_links_show_their_names_as_text_and_no_link()
    {
        var probe = await XssProbe.OpenAsync(server);
        var page = probe.Page;
        var hub = server.Services.GetRequiredService<LiveAlertHub>();
        var subscribers = hub.Subscribers;
        await page.GotoAsync("alerts/live");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Live alerts" })).ToBeVisibleAsync();
        await Eventually.HoldsAsync(() => Task.FromResult(hub.Subscribers > subscribers), "the live page subscribed");

        // Stream decoders keep only web links; the grid must not trust that. Each bad kind of link, and a web one.
        string[] links = [XssPayloads.Link, XssPayloads.Data, "  JaVaScRiPt:window.__xss('link')", "DATA:text/html,x", "vbscript:msgbox(1)", "//evil.example/x",
            $"https://example.org/object?ref={XssPayloads.Svg}"];
        var alerts = links.Select((link, index) => new GenericAlert
        {
            Id = $"live-xss-{index}",
            Name = XssPayloads.All[index % XssPayloads.All.Length] + $" #{index}",
            Source = "XSS stream",
            Topic = XssPayloads.Img,
            Timestamp = DateTimeOffset.UtcNow,
            Ra = 10 + index,
            Dec = -10 - index,
            Url = link,
            RawJson = new JsonObject { ["objectId"] = XssPayloads.Script, ["link"] = link }.ToJsonString(),
        }).ToList();
        foreach (var alert in alerts)
        {
            hub.Publish(alert);
        }

        foreach (var alert in alerts)
        {
            await Assertions.Expect(NameCell(page, alert.Name)).ToHaveTextAsync(alert.Name);
        }

        // Only the web link is a link; the others are the name as plain text.
        await Assertions.Expect(page.Locator("a[data-column='name']")).ToHaveCountAsync(1);
        Assert.Equal(alerts[^1].Url, await page.Locator("a[data-column='name']").GetAttributeAsync("href"));
        await Assertions.Expect(page.Locator("tr.alert-row", new() { HasText = XssPayloads.Img }).First).ToBeVisibleAsync();
        await probe.AssertCleanAsync("the live grid");

        await Row(page, alerts[0].Name).GetByRole(AriaRole.Button, new() { Name = "View" }).ClickAsync();
        var rawJson = page.GetByRole(AriaRole.Dialog).GetByTestId("raw-json");
        await Assertions.Expect(rawJson).ToContainTextAsync($"\"objectId\": \"{XssPayloads.Script}\"");
        await Assertions.Expect(rawJson).ToContainTextAsync($"\"link\": \"{XssPayloads.Link}\"");
        await probe.AssertCleanAsync("View of a live alert");
    }

    [Fact]
    public async Task Imported_target_names_aliases_extra_fields_and_list_names_show_as_text()
    {
        var probe = await XssProbe.OpenAsync(server);
        var page = probe.Page;
        const string Extra = "link";
        var csv = new StringBuilder()
            .AppendLine(CsvRow("name", "type", "ra", "dec", "epoch", "classification", "name2", Extra, XssPayloads.Img))
            .AppendLine(CsvRow(XssPayloads.Script, "SIDEREAL", "201.5", "-43.1", "2000", XssPayloads.Img, XssPayloads.Link, XssPayloads.Data, XssPayloads.Svg))
            .AppendLine(CsvRow(XssPayloads.Svg, "SIDEREAL", "202.5", "-44.1", "2000", XssPayloads.Script, XssPayloads.Data, XssPayloads.Link, XssPayloads.Img))
            .AppendLine(CsvRow(XssPayloads.Img, XssPayloads.Data, "203.5", "-45.1", "", "", "", "", ""))
            .ToString();

        await page.GotoAsync("targets/import");
        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "xss.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await Assertions.Expect(page.GetByTestId("import-summary")).ToContainTextAsync("2 created");
        await Assertions.Expect(page.GetByTestId("import-summary")).ToContainTextAsync("1 failed");
        foreach (var name in new[] { XssPayloads.Script, XssPayloads.Svg })
        {
            await Assertions.Expect(page.GetByTestId("import-target").GetByRole(AriaRole.Link, new() { Name = name, Exact = true })).ToBeVisibleAsync();
        }

        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = XssPayloads.Img, Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText($"the type \u201c{XssPayloads.Data}\u201d is neither SIDEREAL nor NON_SIDEREAL")).ToBeVisibleAsync();
        await probe.AssertCleanAsync("the import results");

        // Both into a new list named by a payload.
        await page.GetByRole(AriaRole.Button, new() { Name = "Add these targets to a list" }).ClickAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "List", Exact = true }).FillAsync(XssPayloads.Svg);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create and add" }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-snackbar", new() { HasText = $"Added 2 targets to the list {XssPayloads.Svg}." })).ToBeVisibleAsync();
        await probe.AssertCleanAsync("the added-to-list snackbar");

        // The target page: name, alias and extra fields (one named by a payload).
        await page.GetByTestId("import-target").GetByRole(AriaRole.Link, new() { Name = XssPayloads.Script, Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("target-name")).ToHaveTextAsync(XssPayloads.Script);
        await Assertions.Expect(page.Locator(".mud-chip", new() { HasText = XssPayloads.Link })).ToHaveTextAsync(XssPayloads.Link);
        var extras = page.Locator("table", new() { HasText = "classification" });
        await Assertions.Expect(ExtraValue(extras, "classification")).ToHaveTextAsync(XssPayloads.Img);
        await Assertions.Expect(ExtraValue(extras, Extra)).ToHaveTextAsync(XssPayloads.Data);
        await Assertions.Expect(extras.Locator("th").Filter(new() { HasTextRegex = Exactly(XssPayloads.Img) })).ToHaveTextAsync(XssPayloads.Img);
        await Assertions.Expect(ExtraValue(extras, XssPayloads.Img)).ToHaveTextAsync(XssPayloads.Svg);
        await probe.AssertCleanAsync("the target page of an imported target");

        // The targets list, and its list filter showing the list's name.
        await page.GotoAsync("targets");
        foreach (var name in new[] { XssPayloads.Script, XssPayloads.Svg })
        {
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true })).ToBeVisibleAsync();
        }

        await probe.AssertCleanAsync("the targets list");
        await page.GetByTestId("list-filter").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Option).Filter(new() { HasText = XssPayloads.Svg })).ToHaveTextAsync($"{XssPayloads.Svg} (2)");
        await probe.AssertCleanAsync("the list filter's options");
        await page.Keyboard.PressAsync("Escape");

        // The lists page: a second list made there, a rename dialog and a delete confirmation, all naming payloads.
        await page.GotoAsync("targets/lists");
        await page.GetByTestId("new-list-name").GetByRole(AriaRole.Textbox).FillAsync(XssPayloads.Img);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create list" }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-snackbar", new() { HasText = $"Created the list {XssPayloads.Img}." })).ToBeVisibleAsync();
        foreach (var name in new[] { XssPayloads.Svg, XssPayloads.Img })
        {
            await Assertions.Expect(page.GetByTestId("list-name").GetByRole(AriaRole.Link, new() { Name = name, Exact = true })).ToBeVisibleAsync();
        }

        await probe.AssertCleanAsync("the lists page");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Rename {XssPayloads.Img}", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync($"Rename {XssPayloads.Img}");
        await probe.AssertCleanAsync("the rename dialog");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"Delete {XssPayloads.Svg}", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync($"Delete the list \u201c{XssPayloads.Svg}\u201d?");
        await probe.AssertCleanAsync("the delete confirmation");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Keep" }).ClickAsync();
    }

    /// <summary>The name cell of the grid row whose name is exactly <paramref name="name"/> (a link or plain text).</summary>
    private static ILocator NameCell(IPage page, string name) =>
        page.Locator("tr.alert-row [data-column='name']").Filter(new() { HasTextRegex = Exactly(name) });

    /// <summary>The grid row whose name is exactly <paramref name="name"/>.</summary>
    private static ILocator Row(IPage page, string name) =>
        page.Locator("tr.alert-row").Filter(new() { Has = page.Locator("[data-column='name']").Filter(new() { HasTextRegex = Exactly(name) }) });

    /// <summary>The value cell of the extra field <paramref name="key"/> in a target page's extra fields table.</summary>
    private static ILocator ExtraValue(ILocator extras, string key) =>
        extras.Locator("tr").Filter(new() { Has = extras.Page.Locator("th").Filter(new() { HasTextRegex = Exactly(key) }) }).Locator("td");

    private static Regex Exactly(string text) => new("^\\s*" + Regex.Escape(text) + "\\s*$");

    private static string CsvRow(params string[] cells) => string.Join(',', cells.Select(cell =>
        cell.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell));
}

/// <summary>A signed-in page that records what a payload would run and every dialog, and checks the DOM for rendered markup.</summary>
public sealed class XssProbe
{
    // Everything a rendered payload would leave: a handler or script made from it, a script or data link, or a record that it ran.
    private const string FindProblems = """
        () => {
          const problems = (window.__hits || []).map(hit => 'ran: ' + hit);
          const urlAttributes = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data'];
          for (const element of document.querySelectorAll('*')) {
            for (const attribute of element.attributes) {
              const name = attribute.name.toLowerCase();
              const value = attribute.value;
              if (name.startsWith('on') && value.includes('__xss')) {
                problems.push(`${element.tagName.toLowerCase()} ${name}=${value}`);
              }
              const scheme = /^\s*(javascript|vbscript|data):/i.exec(value);
              if (urlAttributes.includes(name) && scheme && !(element.tagName === 'IMG' && /^data:image\//i.test(value))) {
                problems.push(`${element.tagName.toLowerCase()} ${name}=${scheme[1].toLowerCase()}: ${value}`);
              }
            }
            if (element.tagName === 'SCRIPT' && element.textContent.includes('__xss')) {
              problems.push('inline script: ' + element.textContent);
            }
          }
          for (const element of document.querySelectorAll('a[href^="javascript:" i], a[href^="data:" i], img[src="x"]')) {
            problems.push('element: ' + element.outerHTML);
          }
          return problems;
        }
        """;

    private readonly List<string> _dialogs = [];
    private readonly List<string> _errors = [];

    private readonly DashboardServer _server;

    private XssProbe(DashboardServer server, IPage page)
    {
        _server = server;
        Page = page;
        page.Dialog += (_, dialog) =>
        {
            lock (_dialogs)
            {
                _dialogs.Add($"{dialog.Type}: {dialog.Message}");
            }

            _ = dialog.DismissAsync();
        };
        page.PageError += (_, error) =>
        {
            lock (_errors)
            {
                _errors.Add(error);
            }
        };
    }

    public IPage Page { get; }

    public static async Task<XssProbe> OpenAsync(DashboardServer server)
    {
        var page = await server.NewPageAsync();
        await page.AddInitScriptAsync(XssPayloads.Recorder);
        return new XssProbe(server, page);
    }

    public async Task<IReadOnlyList<string>> ProblemsAsync()
    {
        var problems = new List<string>(await Page.EvaluateAsync<string[]>(FindProblems));
        lock (_dialogs)
        {
            problems.AddRange(_dialogs.Select(dialog => "dialog " + dialog));
        }

        return problems;
    }

    /// <summary>Fails when anything on the page came from a payload as markup, ran, opened a dialog, or broke the page.</summary>
    public async Task AssertCleanAsync(string where)
    {
        // The recorder was installed: a payload that ran would have had somewhere to say so.
        Assert.True(await Page.EvaluateAsync<bool>("() => typeof window.__xss === 'function'"), $"the recorder is missing on {where}");
        var problems = await ProblemsAsync();
        Assert.True(problems.Count == 0, $"On {where}, payloads became markup or ran:\n{string.Join('\n', problems)}");
        lock (_errors)
        {
            Assert.True(_errors.Count == 0, $"On {where}, the page had script errors:\n{string.Join('\n', _errors)}");
        }

        // Markup the page did insert would also show as a refusal of the content security policy.
        Assert.True(_server.ContentSecurityViolations.Count == 0, $"On {where}, the content security policy refused:\n{string.Join('\n', _server.ContentSecurityViolations)}");
        await Assertions.Expect(Page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
    }
}

/// <summary>The same payloads, stored in and read back from PostgreSQL.</summary>
public sealed class XssBrokerPostgresServer : XssBrokerServer
{
    protected override TomDashboard.Data.DatabaseProvider Provider => TomDashboard.Data.DatabaseProvider.Postgres;
}

public sealed class XssFlowOnSqliteTests(XssBrokerServer server) : XssFlowTests(server), IClassFixture<XssBrokerServer>;

public sealed class XssFlowOnPostgresTests(XssBrokerPostgresServer server) : XssFlowTests(server), IClassFixture<XssBrokerPostgresServer>;
