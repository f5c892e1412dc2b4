using Microsoft.Extensions.DependencyInjection;
using TomDashboard.Alerts;
using TomDashboard.Targets;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Targets;

/// <summary>Ada's lists: hers unless shared; her group sees them and adds targets; only she renames or deletes them.</summary>
public sealed class TargetListPermissionsTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private Viewer _ada = null!;
    private Viewer _bob = null!;
    private Viewer _cy = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private TargetLists Lists => _app.Services.GetRequiredService<TargetLists>();

    public async ValueTask InitializeAsync()
    {
        _app = new TestApp();
        var team = await TestTeam.CreateAsync(_app.Services, Cancellation);
        (_ada, _bob, _cy) = (team.Ada, team.Bob, team.Cy);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task A_shared_list_is_used_by_the_group_and_managed_by_its_owner_and_unseen_by_others()
    {
        var writer = _app.Services.GetRequiredService<TargetWriter>();
        var adas = ((TargetCreated)await writer.WriteAsync(new TargetSubmission { Draft = new TargetDraft { Name = "SN 2026list", Ra = 1, Dec = 2 }, Source = "test", By = _ada }, DuplicatePolicy.Refuse, Cancellation)).TargetId;
        var bobs = ((TargetCreated)await writer.WriteAsync(new TargetSubmission { Draft = new TargetDraft { Name = "Bob's private", Ra = 50, Dec = 2 }, Source = "test", By = _bob }, DuplicatePolicy.Refuse, Cancellation)).TargetId;
        var shared = (await Lists.CreateAsync("Tonight", _ada, Cancellation, shareWith: [.. _ada.GroupIds])).List!.Id;
        var own = (await Lists.CreateAsync("Ada's notes", _ada, Cancellation)).List!.Id;

        Assert.Equal(["Ada's notes", "Tonight"], (await Lists.ListAsync(_ada, Cancellation)).Select(list => list.Name));
        Assert.Equal(["Tonight"], (await Lists.ListAsync(_cy, Cancellation)).Select(list => list.Name));
        Assert.Empty(await Lists.ListAsync(_bob, Cancellation));
        Assert.Null(await Lists.FindAsync(shared, _bob, Cancellation));

        // Cy adds to the team's list; a target she cannot see counts as missing; Bob cannot add at all.
        var added = await Lists.AddAsync(shared, [adas, bobs], _cy, Cancellation);
        Assert.Equal((1, 1), (added.Added, added.Missing));
        Assert.False((await Lists.AddAsync(shared, [bobs], _bob, Cancellation)).Succeeded);
        Assert.Equal(0, await Lists.RemoveAsync(shared, [adas], _bob, Cancellation));

        // Only Ada renames or deletes.
        Assert.Contains("Only the owner", (await Lists.RenameAsync(shared, "Cy's now", _cy, Cancellation)).Problem, StringComparison.Ordinal);
        Assert.False(await Lists.DeleteAsync(shared, _cy, Cancellation));
        Assert.False(await Lists.DeleteAsync(own, _bob, Cancellation));
        Assert.True((await Lists.RenameAsync(shared, "Tonight (UT 2026-12-02)", _ada, Cancellation)).Succeeded);
        Assert.True(await Lists.DeleteAsync(own, _ada, Cancellation));
    }
}
