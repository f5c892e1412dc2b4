using Microsoft.Extensions.DependencyInjection;
using TomDashboard.Alerts;
using TomDashboard.Queries;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Queries;

/// <summary>Ada's queries: private by default; shared with her group to read and run; only she changes or deletes them.</summary>
public sealed class SavedQueryPermissionsTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private Viewer _ada = null!;
    private Viewer _bob = null!;
    private Viewer _cy = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private SavedQueries Queries => _app.Services.GetRequiredService<SavedQueries>();

    public async ValueTask InitializeAsync()
    {
        _app = new TestApp();
        var team = await TestTeam.CreateAsync(_app.Services, Cancellation);
        (_ada, _bob, _cy) = (team.Ada, team.Bob, team.Cy);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task A_private_query_is_its_owners_alone()
    {
        var id = (await Queries.SaveAsync(null, "Ada's watch", "MyBroker", "{}", _ada, Cancellation))!.Value;

        Assert.Single(await Queries.ListAsync(_ada, Cancellation));
        Assert.Empty(await Queries.ListAsync(_bob, Cancellation));
        Assert.Empty(await Queries.ListAsync(_cy, Cancellation));
        Assert.Null(await Queries.FindAsync(id, _cy, Cancellation));
        Assert.False(await Queries.DeleteAsync(id, _bob, Cancellation));
        Assert.Null(await Queries.SaveAsync(id, "Taken over", "MyBroker", "{}", _bob, Cancellation));
        Assert.Equal("Ada's watch", (await Queries.FindAsync(id, _ada, Cancellation))!.Name);
    }

    [Fact]
    public async Task A_shared_query_is_read_and_run_by_the_group_and_changed_only_by_its_owner()
    {
        var id = (await Queries.SaveAsync(null, "Team watch", "MyBroker", "{}", _ada, Cancellation, shareWith: [.. _ada.GroupIds]))!.Value;

        var seen = await Queries.FindAsync(id, _cy, Cancellation);
        Assert.NotNull(seen);
        Assert.False(SavedQueries.IsChangeableBy(seen, _cy));
        Assert.True(SavedQueries.IsChangeableBy(seen, _ada));
        Assert.Null(await Queries.FindAsync(id, _bob, Cancellation));
        Assert.Null(await Queries.SaveAsync(id, "Renamed by Cy", "MyBroker", "{}", _cy, Cancellation));
        Assert.False(await Queries.DeleteAsync(id, _cy, Cancellation));

        // Unshared again: the group no longer sees it; the owner deletes it.
        Assert.Equal(id, await Queries.SaveAsync(id, "Team watch", "MyBroker", "{}", _ada, Cancellation, shareWith: []));
        Assert.Null(await Queries.FindAsync(id, _cy, Cancellation));
        Assert.True(await Queries.DeleteAsync(id, _ada, Cancellation));
    }
}
