using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using TomDashboard.Alerts;
using TomDashboard.Data;
using TomDashboard.Targets;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Targets;

public abstract class TargetSearchTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly CancellationToken Cancellation = TestContext.Current.CancellationToken;
    private TestDatabase _database = default!;
    private TargetSearch _search = default!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        _search = new TargetSearch(_database.Factory);
        var writer = new TargetWriter(_database.Factory, TimeProvider.System, NullLogger<TargetWriter>.Instance);
        await writer.CreateAsync(new TargetDraft { Name = "Tatooine", Ra = 32, Dec = -20, Aliases = ["AT 2019abc"] }, Cancellation);
        await writer.CreateAsync(new TargetDraft { Name = "Hoth", Ra = 66, Dec = 50 }, Cancellation);
        await writer.CreateAsync(new TargetDraft { Name = "Endor", Ra = 5, Dec = 10 }, Cancellation);
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Finds_targets_by_part_of_a_name_or_alias()
    {
        var byAlias = await _search.SearchAsync(new TargetQuery { Text = "2019abc" }, Viewer.System, Cancellation);
        Assert.Equal(["Tatooine"], byAlias.Rows.Select(row => row.Name));
        Assert.Equal(1, byAlias.TotalCount);

        var byName = await _search.SearchAsync(new TargetQuery { Text = "o" }, Viewer.System, Cancellation);
        Assert.Equal(3, byName.TotalCount);
    }

    [Theory]
    [InlineData(TargetSortColumn.Ra, false, new[] { "Endor", "Tatooine", "Hoth" })]
    [InlineData(TargetSortColumn.Dec, true, new[] { "Hoth", "Endor", "Tatooine" })]
    [InlineData(TargetSortColumn.Name, false, new[] { "Endor", "Hoth", "Tatooine" })]
    public async Task Sorts_by_the_chosen_column(TargetSortColumn column, bool descending, string[] expected)
    {
        var page = await _search.SearchAsync(new TargetQuery { SortBy = column, Descending = descending }, Viewer.System, Cancellation);
        Assert.Equal(expected, page.Rows.Select(row => row.Name));
    }

    [Fact]
    public async Task Pages_in_the_database()
    {
        var second = await _search.SearchAsync(new TargetQuery { SortBy = TargetSortColumn.Name, Descending = false, Page = 1, PageSize = 2 }, Viewer.System, Cancellation);
        Assert.Equal(["Tatooine"], second.Rows.Select(row => row.Name));
        Assert.Equal(3, second.TotalCount);
    }

    [Fact]
    public async Task Reads_one_target_with_its_aliases()
    {
        var first = (await _search.SearchAsync(new TargetQuery { Text = "Tatooine" }, Viewer.System, Cancellation)).Rows.Single();
        var target = await _search.FindAsync(first.Id, Viewer.System, Cancellation);
        Assert.Equal(["AT 2019abc"], target!.Aliases);
        Assert.Null(await _search.FindAsync(999_999, Viewer.System, Cancellation));
    }

    [Fact]
    public async Task Finds_targets_in_a_cone_by_true_separation()
    {
        // Tatooine is at (32, -20); a cone 3600" around (32.9, -20) holds it (0.85°), one of 2700" does not.
        var near = await _search.SearchAsync(new TargetQuery { Cone = new SkyConeQuery(32.9, -20, 3600) }, Viewer.System, Cancellation);
        var far = await _search.SearchAsync(new TargetQuery { Cone = new SkyConeQuery(32.9, -20, 2700) }, Viewer.System, Cancellation);

        Assert.Equal(["Tatooine"], near.Rows.Select(row => row.Name));
        Assert.Empty(far.Rows);
    }

    [Fact]
    public async Task Filters_by_list_and_creation_time()
    {
        var tatooine = (await _search.SearchAsync(new TargetQuery { Text = "Tatooine" }, Viewer.System, Cancellation)).Rows.Single();
        await using (var database = await _database.Factory.CreateDbContextAsync(Cancellation))
        {
            var list = new TargetList { Name = "Tonight", Created = DateTimeOffset.UtcNow };
            database.TargetLists.Add(list);
            await database.SaveChangesAsync(Cancellation);
            database.TargetListMembers.Add(new TargetListMember { TargetListId = list.Id, TargetId = tatooine.Id });
            await database.SaveChangesAsync(Cancellation);
        }

        await using var check = await _database.Factory.CreateDbContextAsync(Cancellation);
        var tonight = await check.TargetLists.SingleAsync(Cancellation);
        Assert.Equal(["Tatooine"], (await _search.SearchAsync(new TargetQuery { ListId = tonight.Id }, Viewer.System, Cancellation)).Rows.Select(row => row.Name));
        Assert.Equal(3, (await _search.SearchAsync(new TargetQuery { CreatedFrom = DateTimeOffset.UtcNow.AddHours(-1) }, Viewer.System, Cancellation)).TotalCount);
        Assert.Equal(0, (await _search.SearchAsync(new TargetQuery { CreatedTo = DateTimeOffset.UtcNow.AddDays(-1) }, Viewer.System, Cancellation)).TotalCount);
    }

    [Fact]
    public void The_filter_fields_accept_sexagesimal_and_say_what_is_wrong()
    {
        var filters = new TargetFilters { ConeRa = "02:08:00", ConeDec = "-20:00:00", ConeRadiusArcsec = 5 };
        Assert.True(filters.TryBuild(null, out var query));
        Assert.Equal(new SkyConeQuery(32, -20, 5), query.Cone);

        var wrong = new TargetFilters { ConeRa = "25:00:00", ConeDec = "north", ConeRadiusArcsec = 0 };
        Assert.False(wrong.TryBuild(null, out _));
        Assert.Equal(["dec", "ra", "radius"], wrong.Problems.Keys.Order());
    }
}

/// <summary>The same tests on SQLite, the default store.</summary>
public sealed class TargetSearchOnSqliteTests() : TargetSearchTests(DatabaseProvider.Sqlite);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class TargetSearchOnPostgresTests() : TargetSearchTests(DatabaseProvider.Postgres);
