using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TomDashboard.Alerts;
using TomDashboard.Data;
using TomDashboard.Targets;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Targets;

public abstract class TargetListsTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly CancellationToken Cancellation = TestContext.Current.CancellationToken;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 21, 0, 0, TimeSpan.Zero));
    private TestDatabase _database = default!;
    private TargetWriter _writer = default!;
    private TargetLists _lists = default!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        _writer = new TargetWriter(_database.Factory, _time, NullLogger<TargetWriter>.Instance);
        _lists = new TargetLists(_database.Factory, _time, NullLogger<TargetLists>.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        await _database.DisposeAsync();
    }

    private async Task<long> TargetAsync(string name, double ra)
    {
        var created = Assert.IsType<TargetCreated>(await _writer.CreateAsync(new TargetDraft { Name = name, Ra = ra, Dec = 10 }, Cancellation));
        return created.TargetId;
    }

    [Fact]
    public async Task Creates_lists_and_lists_them_by_name_with_member_counts()
    {
        var hot = await _lists.CreateAsync("  Hot transients ", Viewer.System, Cancellation);
        var follow = await _lists.CreateAsync("Follow-up", Viewer.System, Cancellation);
        Assert.True(hot.Succeeded);
        Assert.True(follow.Succeeded);
        await _lists.AddAsync(hot.List.Id, [await TargetAsync("SN 2026a", 10), await TargetAsync("SN 2026b", 20)], Viewer.System, Cancellation);

        var all = await _lists.ListAsync(Viewer.System, Cancellation);

        Assert.Equal([("Follow-up", 0), ("Hot transients", 2)], all.Select(list => (list.Name, list.MemberCount)));
        Assert.Equal(_time.GetUtcNow(), all[1].Created);
    }

    [Theory]
    [InlineData("", "A list needs a name.")]
    [InlineData("   ", "A list needs a name.")]
    [InlineData(null, "A list needs a name.")]
    public async Task A_list_without_a_name_is_refused_with_a_message(string? name, string message)
    {
        var result = await _lists.CreateAsync(name, Viewer.System, Cancellation);

        Assert.False(result.Succeeded);
        Assert.Equal(message, result.Problem);
        Assert.Empty(await _lists.ListAsync(Viewer.System, Cancellation));
    }

    [Fact]
    public async Task A_name_longer_than_the_limit_is_refused_and_one_at_the_limit_is_taken()
    {
        var tooLong = await _lists.CreateAsync(new string('x', TargetList.NameMaxLength + 1), Viewer.System, Cancellation);
        var atLimit = await _lists.CreateAsync(new string('x', TargetList.NameMaxLength), Viewer.System, Cancellation);

        Assert.Equal($"List names are limited to {TargetList.NameMaxLength} characters.", tooLong.Problem);
        Assert.True(atLimit.Succeeded);
    }

    [Fact]
    public async Task A_second_list_with_the_same_name_gets_a_message_not_an_exception()
    {
        Assert.True((await _lists.CreateAsync("Hot", Viewer.System, Cancellation)).Succeeded);

        var again = await _lists.CreateAsync(" Hot ", Viewer.System, Cancellation);

        Assert.Equal("A list named Hot already exists.", again.Problem);
        Assert.Single(await _lists.ListAsync(Viewer.System, Cancellation));
    }

    [Fact]
    public async Task Users_creating_the_same_list_at_the_same_moment_get_one_list_and_messages_for_the_others()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => _lists.CreateAsync("Tonight", Viewer.System, Cancellation), Cancellation)));

        Assert.Single(results, result => result.Succeeded);
        Assert.All(results.Where(result => !result.Succeeded), result => Assert.Equal("A list named Tonight already exists.", result.Problem));
        Assert.Single(await _lists.ListAsync(Viewer.System, Cancellation));
    }

    [Fact]
    public async Task Renames_a_list_and_refuses_a_name_another_list_has()
    {
        var hot = (await _lists.CreateAsync("Hot", Viewer.System, Cancellation)).List!;
        await _lists.CreateAsync("Cold", Viewer.System, Cancellation);

        var taken = await _lists.RenameAsync(hot.Id, "Cold", Viewer.System, Cancellation);
        var empty = await _lists.RenameAsync(hot.Id, " ", Viewer.System, Cancellation);
        var renamed = await _lists.RenameAsync(hot.Id, "Very hot", Viewer.System, Cancellation);
        var same = await _lists.RenameAsync(hot.Id, "Very hot", Viewer.System, Cancellation);
        var missing = await _lists.RenameAsync(hot.Id + 100, "Elsewhere", Viewer.System, Cancellation);

        Assert.Equal("A list named Cold already exists.", taken.Problem);
        Assert.Equal("A list needs a name.", empty.Problem);
        Assert.Equal((hot.Id, "Very hot"), (renamed.List!.Id, renamed.List.Name));
        Assert.True(same.Succeeded);
        Assert.Equal($"There is no list with id {hot.Id + 100}. It may have been deleted.", missing.Problem);
        Assert.Equal(["Cold", "Very hot"], (await _lists.ListAsync(Viewer.System, Cancellation)).Select(list => list.Name));
    }

    [Fact]
    public async Task Deleting_a_list_removes_its_memberships_and_keeps_the_targets()
    {
        var hot = (await _lists.CreateAsync("Hot", Viewer.System, Cancellation)).List!;
        var other = (await _lists.CreateAsync("Other", Viewer.System, Cancellation)).List!;
        var a = await TargetAsync("SN 2026a", 10);
        var b = await TargetAsync("SN 2026b", 20);
        await _lists.AddAsync(hot.Id, [a, b], Viewer.System, Cancellation);
        await _lists.AddAsync(other.Id, [a], Viewer.System, Cancellation);

        Assert.True(await _lists.DeleteAsync(hot.Id, Viewer.System, Cancellation));
        Assert.False(await _lists.DeleteAsync(hot.Id, Viewer.System, Cancellation));

        await using var database = await _database.Factory.CreateDbContextAsync(Cancellation);
        Assert.Equal(2, await database.Targets.CountAsync(Cancellation));
        Assert.Equal([(other.Id, a)], (await database.TargetListMembers.Select(member => new { member.TargetListId, member.TargetId }).ToListAsync(Cancellation)).Select(member => (member.TargetListId, member.TargetId)));
        Assert.Equal(["Other"], (await _lists.ListAsync(Viewer.System, Cancellation)).Select(list => list.Name));
    }

    [Fact]
    public async Task Adding_is_idempotent_and_counts_what_was_already_there_and_what_no_longer_exists()
    {
        var hot = (await _lists.CreateAsync("Hot", Viewer.System, Cancellation)).List!;
        var a = await TargetAsync("SN 2026a", 10);
        var b = await TargetAsync("SN 2026b", 20);

        var first = await _lists.AddAsync(hot.Id, [a], Viewer.System, Cancellation);
        var second = await _lists.AddAsync(hot.Id, [a, b, b, 999_999], Viewer.System, Cancellation);
        var third = await _lists.AddAsync(hot.Id, [a, b], Viewer.System, Cancellation);

        Assert.Equal("Added to the list Hot.", first.Message);
        Assert.Equal((1, 1, 1), (second.Added, second.AlreadyMembers, second.Missing));
        Assert.Equal("Added 1 target to the list Hot (1 was already in it; 1 no longer exists).", second.Message);
        Assert.Equal((0, 2), (third.Added, third.AlreadyMembers));
        Assert.Equal(2, (await _lists.FindAsync(hot.Id, Viewer.System, Cancellation))!.MemberCount);
    }

    [Fact]
    public async Task Adding_to_a_list_that_does_not_exist_is_a_message()
    {
        var result = await _lists.AddAsync(42, [await TargetAsync("SN 2026a", 10)], Viewer.System, Cancellation);

        Assert.False(result.Succeeded);
        Assert.Equal("There is no list with id 42. It may have been deleted.", result.Message);
    }

    [Fact]
    public async Task Removes_targets_from_a_list_and_keeps_them()
    {
        var hot = (await _lists.CreateAsync("Hot", Viewer.System, Cancellation)).List!;
        var a = await TargetAsync("SN 2026a", 10);
        var b = await TargetAsync("SN 2026b", 20);
        await _lists.AddAsync(hot.Id, [a, b], Viewer.System, Cancellation);

        Assert.Equal(1, await _lists.RemoveAsync(hot.Id, [a, 12345], Viewer.System, Cancellation));
        Assert.Equal(0, await _lists.RemoveAsync(hot.Id, [a], Viewer.System, Cancellation));

        await using var database = await _database.Factory.CreateDbContextAsync(Cancellation);
        Assert.Equal([b], await database.TargetListMembers.Select(member => member.TargetId).ToListAsync(Cancellation));
        Assert.Equal(2, await database.Targets.CountAsync(Cancellation));
    }

    [Fact]
    public async Task Add_by_name_creates_the_list_on_first_use_and_reuses_it_after()
    {
        var a = await TargetAsync("SN 2026a", 10);
        var b = await TargetAsync("SN 2026b", 20);

        var first = await _lists.AddByNameAsync("ztf-alerts", [a], Viewer.System, Cancellation);
        var second = await _lists.AddByNameAsync(" ztf-alerts", [b], Viewer.System, Cancellation);
        var refused = await _lists.AddByNameAsync("", [b], Viewer.System, Cancellation);

        Assert.Equal(first.ListId, second.ListId);
        Assert.Equal("A list needs a name.", refused.Problem);
        var list = Assert.Single(await _lists.ListAsync(Viewer.System, Cancellation));
        Assert.Equal(("ztf-alerts", 2), (list.Name, list.MemberCount));
    }

    [Fact]
    public async Task Several_handlers_adding_the_same_target_to_a_new_list_at_once_make_one_list_and_one_membership()
    {
        var target = await TargetAsync("SN 2026race", 30);

        var results = await Task.WhenAll(Enumerable.Range(0, 8)
            .Select(_ => Task.Run(() => _lists.AddByNameAsync("Race", [target], Viewer.System, Cancellation), Cancellation)));

        Assert.All(results, result => Assert.True(result.Succeeded, result.Message));
        Assert.Single(results, result => result.Added == 1);
        Assert.Single(results.Select(result => result.ListId).Distinct());
        await using var database = await _database.Factory.CreateDbContextAsync(Cancellation);
        Assert.Equal(1, await database.TargetLists.CountAsync(Cancellation));
        Assert.Equal(1, await database.TargetListMembers.CountAsync(Cancellation));
    }
}

/// <summary>The same tests on SQLite, the default store.</summary>
public sealed class TargetListsOnSqliteTests() : TargetListsTests(DatabaseProvider.Sqlite);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class TargetListsOnPostgresTests() : TargetListsTests(DatabaseProvider.Postgres);
