using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using TomDashboard.Alerts;
using TomDashboard.Components.Pages.Targets;
using TomDashboard.Streams.Upstream;
using TomDashboard.Targets;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Components.Targets;

public sealed class TargetEditPageTests : DashboardTestContext
{
    private IRenderedComponent<MudSnackbarProvider> _snackbars = default!;

    private async Task<long> CreateAsync(string name, double ra, params string[] aliases)
    {
        var created = await Services.GetRequiredService<TargetWriter>().CreateAsync(new TargetDraft
        {
            Name = name,
            Ra = ra,
            Dec = 20,
            Aliases = aliases,
            Extras = new Dictionary<string, string> { ["classification"] = "SN Ia" },
        }, Cancellation);
        return Assert.IsType<TargetCreated>(created).TargetId;
    }

    private IRenderedComponent<TargetEdit> RenderEdit(long id)
    {
        Render<MudPopoverProvider>();
        _snackbars = Render<MudSnackbarProvider>();
        return Render<TargetEdit>(parameters => parameters.Add(page => page.Id, id));
    }

    private static AngleSharp.Dom.IElement Input(IRenderedComponent<TargetEdit> page, string field, int which = 0) =>
        page.FindAll($"[data-field='{field}'] input")[which];

    private async Task<Target> LoadAsync(long id)
    {
        await using var database = await Database.Factory.CreateDbContextAsync(Cancellation);
        return await database.Targets.AsNoTracking().Include(target => target.Names).Include(target => target.Extras).SingleAsync(target => target.Id == id, Cancellation);
    }

    private string Uri => Services.GetRequiredService<NavigationManager>().Uri;

    [Fact]
    public async Task Sexagesimal_ra_and_dec_show_degrees_as_helper_text_and_are_saved_as_degrees()
    {
        var id = await CreateAsync("ZTF26edit", 10);
        var page = RenderEdit(id);
        page.WaitForAssertion(() => Assert.Equal("ZTF26edit", Input(page, "Name").GetAttribute("value")));
        Assert.Contains("= 00:40:00.000 (h:m:s)", page.Find("[data-field='Ra']").TextContent, StringComparison.Ordinal);

        Input(page, "Ra").Input("12:30:49.4232");
        Input(page, "Dec").Input("-00:30:00");

        page.WaitForAssertion(() => Assert.Contains("= 187.705930°", page.Find("[data-field='Ra']").TextContent, StringComparison.Ordinal));
        Assert.Contains("= -0.500000°", page.Find("[data-field='Dec']").TextContent, StringComparison.Ordinal);
        page.FindAll("button").Single(button => button.TextContent.Trim() == "Save").Click();

        page.WaitForAssertion(() => Assert.EndsWith($"/targets/{id}", Uri, StringComparison.Ordinal));
        _snackbars.WaitForAssertion(() => Assert.Contains("Saved ZTF26edit.", _snackbars.Markup, StringComparison.Ordinal));
        var target = await LoadAsync(id);
        Assert.Equal(187.70593, target.Ra!.Value, 1e-9);
        Assert.Equal(-0.5, target.Dec!.Value, 1e-12);
    }

    [Fact]
    public async Task Aliases_and_extra_fields_are_added_removed_and_edited_in_rows()
    {
        var id = await CreateAsync("ZTF26rows", 10, "Old alias");
        var page = RenderEdit(id);
        page.WaitForAssertion(() => Assert.Equal("Old alias", Input(page, "Aliases[0]").GetAttribute("value")));

        page.FindAll("button").Single(button => button.GetAttribute("aria-label") == "Remove alias").Click();
        page.FindAll("button").Single(button => button.TextContent.Trim() == "Add alias").Click();
        Input(page, "Aliases[0]").Input("AT 2026rows");
        Input(page, "Extras[0].Key", 1).Input("Spectroscopic class");
        page.FindAll("button").Single(button => button.TextContent.Trim() == "Add field").Click();
        Input(page, "Extras[1].Key", 0).Input("host");
        Input(page, "Extras[1].Key", 1).Input("NGC 4993");
        page.FindAll("button").Single(button => button.TextContent.Trim() == "Save").Click();

        page.WaitForAssertion(() => Assert.EndsWith($"/targets/{id}", Uri, StringComparison.Ordinal));
        var target = await LoadAsync(id);
        Assert.Equal(["AT 2026rows"], target.Aliases);
        Assert.Equal([("classification", "Spectroscopic class"), ("host", "NGC 4993")],
            target.Extras.OrderBy(extra => extra.Key, StringComparer.Ordinal).Select(extra => (extra.Key, extra.Value)));
    }

    [Fact]
    public async Task An_alias_of_another_target_is_shown_at_its_row_and_nothing_is_saved()
    {
        await CreateAsync("SN 2026other", 50, "ZTF26other");
        var id = await CreateAsync("ZTF26mine", 10);
        var page = RenderEdit(id);
        page.WaitForAssertion(() => Assert.Equal("ZTF26mine", Input(page, "Name").GetAttribute("value")));

        page.FindAll("button").Single(button => button.TextContent.Trim() == "Add alias").Click();
        Input(page, "Aliases[0]").Input("ZTF26other");
        page.FindAll("button").Single(button => button.TextContent.Trim() == "Save").Click();

        page.WaitForAssertion(() => Assert.Contains("ZTF26other is already a name of the target SN 2026other.",
            page.Find("[data-field='Aliases[0]']").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain("/targets/", Uri, StringComparison.Ordinal);
        Assert.Empty((await LoadAsync(id)).Aliases);
    }

    [Fact]
    public async Task Unreadable_or_out_of_range_coordinates_and_an_empty_name_are_shown_at_their_fields()
    {
        var id = await CreateAsync("ZTF26bad", 10);
        var page = RenderEdit(id);
        page.WaitForAssertion(() => Assert.Equal("ZTF26bad", Input(page, "Name").GetAttribute("value")));

        Input(page, "Ra").Input("twelve thirty");
        Input(page, "Epoch").Input("J2000");
        page.FindAll("button").Single(button => button.TextContent.Trim() == "Save").Click();
        page.WaitForAssertion(() => Assert.Contains("RA must be in degrees", page.Find("[data-field='Ra']").TextContent, StringComparison.Ordinal));
        Assert.Contains("The epoch must be a number of years", page.Find("[data-field='Epoch']").TextContent, StringComparison.Ordinal);

        Input(page, "Ra").Input("400");
        Input(page, "Epoch").Input("2000");
        Input(page, "Name").Input(" ");
        page.FindAll("button").Single(button => button.TextContent.Trim() == "Save").Click();
        page.WaitForAssertion(() => Assert.Contains("RA must be at least 0 and less than 360 degrees.", page.Find("[data-field='Ra']").TextContent, StringComparison.Ordinal));
        Assert.Contains("A target needs a name.", page.Find("[data-field='Name']").TextContent, StringComparison.Ordinal);
        Assert.Equal(10.0, (await LoadAsync(id)).Ra!.Value);
    }

    [Fact]
    public void An_unknown_id_says_the_target_was_not_found()
    {
        var page = RenderEdit(4040);

        page.WaitForAssertion(() => Assert.Contains("Target not found", page.Markup, StringComparison.Ordinal));
        Assert.Contains("There is no target with id 4040.", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_target_page_links_to_its_edit_page()
    {
        Services.AddSingleton(Options.Create(new UpstreamOptions()));
        Services.AddSingleton<UpstreamPublisher>();
        var id = await CreateAsync("ZTF26link", 10);
        Render<MudPopoverProvider>();

        var page = Render<TargetDetail>(parameters => parameters.Add(detail => detail.Id, id));

        page.WaitForAssertion(() => Assert.Equal($"targets/{id}/edit", page.FindAll("a").Single(link => link.TextContent.Trim() == "Edit").GetAttribute("href")));
    }

    [Fact]
    public async Task Every_free_text_field_has_a_browser_enforced_length_limit()
    {
        var id = await CreateAsync("ZTF26limits", 10, "SN 2026abc");
        var page = RenderEdit(id);
        page.WaitForAssertion(() => Assert.Equal("ZTF26limits", Input(page, "Name").GetAttribute("value")));

        var unlimited = page.FindAll("input[type='text'], textarea").Where(input => string.IsNullOrEmpty(input.GetAttribute("maxlength"))).ToList();

        Assert.Empty(unlimited.Select(input => input.OuterHtml));
        Assert.Equal(Target.NameMaxLength.ToString(System.Globalization.CultureInfo.InvariantCulture), Input(page, "Name").GetAttribute("maxlength"));
        Assert.NotEmpty(page.FindAll("[data-field='Epoch'] input[maxlength]"));
    }

    [Fact]
    public async Task Moving_a_target_onto_another_gets_the_duplicate_offer_and_saves_with_the_reason_given()
    {
        await CreateAsync("SN 2026host", 150);
        var id = await CreateAsync("ZTF26moved", 10);
        var dialogs = Render<MudDialogProvider>();
        var page = RenderEdit(id);
        page.WaitForAssertion(() => Assert.Equal("ZTF26moved", Input(page, "Name").GetAttribute("value")));

        Input(page, "Ra").Input("150.0002");
        page.FindAll("button").Single(button => button.TextContent.Trim() == "Save").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("from the existing target SN 2026host", dialogs.Find("[data-testid='duplicate-message']").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain(dialogs.FindAll("button"), button => button.TextContent.Contains("Merge", StringComparison.Ordinal));
        Assert.Equal(10, (await LoadAsync(id)).Ra);
        dialogs.Find("textarea").Input("Two objects: a nuclear transient and a foreground star.");
        dialogs.FindAll("button").Single(button => button.TextContent.Trim() == "Save anyway").Click();

        page.WaitForAssertion(() => Assert.EndsWith($"/targets/{id}", Uri, StringComparison.Ordinal));
        var target = await LoadAsync(id);
        Assert.Equal((150.0002, "Two objects: a nuclear transient and a foreground star."), (target.Ra!.Value, target.DuplicateReason));
    }
}
