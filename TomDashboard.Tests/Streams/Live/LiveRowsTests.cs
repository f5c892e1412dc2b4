using TomDashboard.Alerts;
using TomDashboard.Streams.Live;

namespace TomDashboard.Tests.Streams.Live;

public sealed class LiveRowsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 22, 0, 0, TimeSpan.Zero);

    private static GenericAlert Alert(int id) => new() { Id = $"{id}", Name = $"ZTF26n{id}", Source = "ZTF" };

    [Fact]
    public void Reads_newest_first_and_drops_the_oldest_beyond_its_capacity()
    {
        var rows = new LiveRows(3);
        var alerts = Enumerable.Range(1, 5).Select(Alert).ToList();

        rows.Add(alerts[..2], Now);
        rows.Add(alerts[2..], Now.AddSeconds(1));

        Assert.Equal(["ZTF26n5", "ZTF26n4", "ZTF26n3"], rows.Select(alert => alert.Name));
        Assert.Equal(3, rows.Count);
        Assert.Same(alerts[4], rows[0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => rows[3]);
        // Skip/Take (how Virtualize reads) go through the indexer.
        Assert.Equal(["ZTF26n4"], rows.Skip(1).Take(1).Select(alert => alert.Name));
    }

    [Fact]
    public void Keeps_when_each_row_was_shown_and_forgets_rows_that_fell_off()
    {
        var rows = new LiveRows(2);
        var first = Alert(1);
        var second = Alert(2);
        var third = Alert(3);

        rows.Add([first], Now);
        rows.Add([second, third], Now.AddSeconds(2));

        Assert.Null(rows.ShownAt(first));
        Assert.DoesNotContain(first, rows);
        Assert.Equal(Now.AddSeconds(2), rows.ShownAt(third));
        // By reference: an equal copy is another row.
        Assert.Null(rows.ShownAt(third with { }));
    }

    [Fact]
    public void Grows_to_its_capacity_keeping_the_order()
    {
        var rows = new LiveRows(200);
        var alerts = Enumerable.Range(1, 250).Select(Alert).ToList();

        foreach (var chunk in alerts.Chunk(7))
        {
            rows.Add(chunk, Now);
        }

        Assert.Equal(200, rows.Count);
        Assert.Equal(alerts[50..].Select(alert => alert.Name).Reverse(), rows.Select(alert => alert.Name));
    }
}
