using System.Text;
using Microsoft.Extensions.DependencyInjection;
using TomDashboard.Accounts;
using TomDashboard.Alerts;
using TomDashboard.Targets;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Targets;

/// <summary>
/// Ada owns a private target shared with her group; Cy is in the group, Bob is not. Every read and write path is
/// asked as Bob and as Cy.
/// </summary>
public sealed class TargetPermissionsTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private Viewer _ada = null!;
    private Viewer _bob = null!;
    private Viewer _cy = null!;
    private long _private;
    private long _open;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private TargetWriter Writer => _app.Services.GetRequiredService<TargetWriter>();

    private TargetSearch Search => _app.Services.GetRequiredService<TargetSearch>();

    public async ValueTask InitializeAsync()
    {
        _app = new TestApp();
        var team = await TestTeam.CreateAsync(_app.Services, Cancellation);
        (_ada, _bob, _cy) = (team.Ada, team.Bob, team.Cy);

        _private = ((TargetCreated)await Writer.WriteAsync(Submission("SN 2026secret", 150.0, 2.0, _ada), DuplicatePolicy.Refuse, Cancellation)).TargetId;
        _open = ((TargetCreated)await Writer.WriteAsync(Submission("SN 2026open", 200.0, -30.0, _ada) with { Visibility = TargetVisibility.Open }, DuplicatePolicy.Refuse, Cancellation)).TargetId;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task A_new_target_is_owned_by_its_creator_private_by_default_and_shared_with_all_their_groups()
    {
        var target = (await Search.FindAsync(_private, _ada, Cancellation))!;

        Assert.Equal(_ada.UserId, target.OwnerId);
        Assert.Equal(TargetVisibility.Private, target.Visibility);
        Assert.Equal(_ada.GroupIds.Order(), target.Shares.Select(share => share.GroupId).Order());
    }

    [Fact]
    public async Task Outside_the_group_a_private_target_is_in_no_list_search_cone_search_page_or_export()
    {
        Assert.Null(await Search.FindAsync(_private, _bob, Cancellation));
        var all = await Search.SearchAsync(new TargetQuery(), _bob, Cancellation);
        Assert.Equal(["SN 2026open"], all.Rows.Select(row => row.Name));
        Assert.Equal(1, all.TotalCount);
        Assert.Empty((await Search.SearchAsync(new TargetQuery { Text = "secret" }, _bob, Cancellation)).Rows);
        Assert.Empty((await Search.SearchAsync(new TargetQuery { Cone = new SkyConeQuery(150.0, 2.0, 60) }, _bob, Cancellation)).Rows);
        Assert.DoesNotContain("SN 2026secret", await ExportAsync(_bob), StringComparison.Ordinal);

        // Inside the group it is everywhere.
        Assert.NotNull(await Search.FindAsync(_private, _cy, Cancellation));
        Assert.Single((await Search.SearchAsync(new TargetQuery { Cone = new SkyConeQuery(150.0, 2.0, 60) }, _cy, Cancellation)).Rows);
        Assert.Contains("SN 2026secret", await ExportAsync(_cy), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_duplicate_check_tells_an_outsider_only_that_a_target_they_cannot_see_holds_the_name_or_position()
    {
        var byName = await Writer.WriteAsync(Submission("SN 2026secret", 10.0, 10.0, _bob), DuplicatePolicy.Refuse, Cancellation);
        var byPosition = await Writer.WriteAsync(Submission("Bob's own name", 150.0, 2.0, _bob), DuplicatePolicy.Refuse, Cancellation);
        var inBatch = await Writer.WriteBatchAsync([Submission("Batch name", 150.0, 2.0001, _bob)], DuplicatePolicy.Refuse, Cancellation);

        foreach (var outcome in new[] { byName, byPosition, inBatch[0] })
        {
            var refused = Assert.IsType<TargetRejected>(outcome);
            Assert.Contains("a target you cannot see", refused.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(_private.ToString(System.Globalization.CultureInfo.InvariantCulture), refused.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("150", refused.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("SN 2026secret", byPosition.Message, StringComparison.Ordinal);
        // A group member is offered the match, as before.
        var offered = Assert.IsType<TargetAlreadyExists>(await Writer.WriteAsync(Submission("Cy's name", 150.0, 2.0, _cy), DuplicatePolicy.Refuse, Cancellation));
        Assert.Equal(_private, offered.ExistingTargetId);
    }

    [Fact]
    public async Task Merging_editing_and_sharing_need_the_right_to_change_the_target()
    {
        var editor = _app.Services.GetRequiredService<TargetEditor>();

        var hiddenMerge = await Writer.WriteAsync(Submission("Bob alias", 150.0, 2.0, _bob), DuplicatePolicy.MergeInto(_private), Cancellation);
        Assert.Contains("no longer exists", Assert.IsType<TargetRejected>(hiddenMerge).Message, StringComparison.Ordinal);
        var openMerge = await Writer.WriteAsync(Submission("Bob alias", 200.0, -30.0, _bob), DuplicatePolicy.MergeInto(_open), Cancellation);
        Assert.Contains("needs the right to change it", Assert.IsType<TargetRejected>(openMerge).Message, StringComparison.Ordinal);
        Assert.Null(await editor.LoadAsync(_private, _bob, Cancellation));
        Assert.Null(await editor.LoadAsync(_open, _bob, Cancellation));
        Assert.False((await editor.SetSharingAsync(_private, TargetVisibility.Open, [], _bob, Cancellation)).Saved);

        Assert.IsType<TargetMerged>(await Writer.WriteAsync(Submission("Cy alias", 150.0, 2.0, _cy), DuplicatePolicy.MergeInto(_private), Cancellation));
        var edit = (await editor.LoadAsync(_private, _cy, Cancellation))!;
        Assert.Equal(TargetEditResult.Saved, await editor.UpdateAsync(_private, edit with { Epoch = 2000 }, _cy, Cancellation));
    }

    [Fact]
    public async Task Sharing_the_target_opens_it_and_making_it_private_again_hides_it()
    {
        var editor = _app.Services.GetRequiredService<TargetEditor>();

        Assert.True((await editor.SetSharingAsync(_private, TargetVisibility.Open, [.. _ada.GroupIds], _ada, Cancellation)).Saved);
        Assert.NotNull(await Search.FindAsync(_private, _bob, Cancellation));

        Assert.True((await editor.SetSharingAsync(_private, TargetVisibility.Private, [], _ada, Cancellation)).Saved);
        Assert.Null(await Search.FindAsync(_private, _bob, Cancellation));
        Assert.Null(await Search.FindAsync(_private, _cy, Cancellation));
        Assert.NotNull(await Search.FindAsync(_private, _ada, Cancellation));
    }

    [Fact]
    public async Task Two_users_racing_for_the_same_object_make_one_target_and_the_loser_learns_nothing_private()
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(index => Task.Run(() =>
            Writer.WriteAsync(Submission("AT 2026race", 75.0, 45.0, index % 2 == 0 ? _ada : _bob), DuplicatePolicy.Refuse, Cancellation), Cancellation)));

        var created = Assert.Single(outcomes.OfType<TargetCreated>());
        var owner = (await Search.FindAsync(created.TargetId, Viewer.System, Cancellation))!.OwnerId;
        for (var index = 0; index < outcomes.Length; index++)
        {
            var by = index % 2 == 0 ? _ada : _bob;
            if (outcomes[index] is TargetCreated)
            {
                Assert.Equal(by.UserId, owner);
            }
            else if (by.UserId == owner)
            {
                Assert.Equal(created.TargetId, Assert.IsType<TargetAlreadyExists>(outcomes[index]).ExistingTargetId);
            }
            else
            {
                Assert.Contains("a target you cannot see", Assert.IsType<TargetRejected>(outcomes[index]).Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void The_rules_on_a_loaded_target_agree_with_the_rules_the_database_runs()
    {
        var cases = new[]
        {
            new Target { Name = "a", Visibility = TargetVisibility.Open, OwnerId = "someone" },
            new Target { Name = "b", Visibility = TargetVisibility.Private, OwnerId = _bob.UserId },
            new Target { Name = "c", Visibility = TargetVisibility.Private, OwnerId = "someone", Shares = [new TargetShare { GroupId = _ada.GroupIds.First() }] },
            new Target { Name = "d", Visibility = TargetVisibility.Private, OwnerId = "someone" },
            new Target { Name = "e", Visibility = TargetVisibility.Open, OwnerId = null },
        };
        foreach (var viewer in new[] { _ada, _bob, _cy, Viewer.System })
        {
            var sees = TargetAccess.CanSee(viewer).Compile();
            var changes = TargetAccess.CanChange(viewer).Compile();
            foreach (var target in cases)
            {
                Assert.Equal(sees(target), TargetAccess.Sees(viewer, target));
                Assert.Equal(changes(target), TargetAccess.Changes(viewer, target));
            }
        }

        Assert.False(TargetAccess.Sees(_bob, cases[3]));
        Assert.True(TargetAccess.Sees(_cy, cases[2]));
        Assert.False(TargetAccess.Changes(_bob, cases[0]));
        Assert.True(TargetAccess.Changes(_bob, cases[4]));
    }

    private static TargetSubmission Submission(string name, double ra, double dec, Viewer by) => new()
    {
        Draft = new TargetDraft { Name = name, Ra = ra, Dec = dec },
        Source = "test",
        By = by,
    };

    private async Task<string> ExportAsync(Viewer viewer)
    {
        using var output = new MemoryStream();
        await _app.Services.GetRequiredService<TargetCsv>().ExportAsync(output, null, viewer, Cancellation);
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
