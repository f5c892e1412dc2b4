using Microsoft.Extensions.Logging.Abstractions;
using TomDashboard.Targets;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Targets;

public sealed class TargetSearchTests : IAsyncLifetime
{
    private static readonly CancellationToken Cancellation = TestContext.Current.CancellationToken;
    private TestDatabase _database = default!;
    private TargetSearch _search = default!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _search = new TargetSearch(_database.Factory);
        var writer = new TargetWriter(_database.Factory, TimeProvider.System, NullLogger<TargetWriter>.Instance);
        await writer.CreateAsync(new TargetDraft { Name = "Tatooine", Ra = 32, Dec = -20, Aliases = ["AT 2019abc"] }, Cancellation);
        await writer.CreateAsync(new TargetDraft { Name = "Hoth", Ra = 66, Dec = 50 }, Cancellation);
        await writer.CreateAsync(new TargetDraft { Name = "Endor", Ra = 5, Dec = 10 }, Cancellation);
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Finds_targets_by_part_of_a_name_or_alias()
    {
        var byAlias = await _search.SearchAsync(new TargetQuery { Text = "2019abc" }, Cancellation);
        Assert.Equal(["Tatooine"], byAlias.Rows.Select(row => row.Name));
        Assert.Equal(1, byAlias.TotalCount);

        var byName = await _search.SearchAsync(new TargetQuery { Text = "o" }, Cancellation);
        Assert.Equal(3, byName.TotalCount);
    }

    [Theory]
    [InlineData(TargetSortColumn.Ra, false, new[] { "Endor", "Tatooine", "Hoth" })]
    [InlineData(TargetSortColumn.Dec, true, new[] { "Hoth", "Endor", "Tatooine" })]
    [InlineData(TargetSortColumn.Name, false, new[] { "Endor", "Hoth", "Tatooine" })]
    public async Task Sorts_by_the_chosen_column(TargetSortColumn column, bool descending, string[] expected)
    {
        var page = await _search.SearchAsync(new TargetQuery { SortBy = column, Descending = descending }, Cancellation);
        Assert.Equal(expected, page.Rows.Select(row => row.Name));
    }

    [Fact]
    public async Task Pages_in_the_database()
    {
        var second = await _search.SearchAsync(new TargetQuery { SortBy = TargetSortColumn.Name, Descending = false, Page = 1, PageSize = 2 }, Cancellation);
        Assert.Equal(["Tatooine"], second.Rows.Select(row => row.Name));
        Assert.Equal(3, second.TotalCount);
    }

    [Fact]
    public async Task Reads_one_target_with_its_aliases()
    {
        var first = (await _search.SearchAsync(new TargetQuery { Text = "Tatooine" }, Cancellation)).Rows.Single();
        var target = await _search.FindAsync(first.Id, Cancellation);
        Assert.Equal(["AT 2019abc"], target!.Aliases);
        Assert.Null(await _search.FindAsync(999_999, Cancellation));
    }
}
