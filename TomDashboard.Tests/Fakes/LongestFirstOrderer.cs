using TomDashboard.Tests.EndToEnd;
using TomDashboard.Tests.Hosting;
using TomDashboard.Tests.Streams.Kafka;
using Xunit.Sdk;
using Xunit.v3;

[assembly: TestCollectionOrderer(typeof(TomDashboard.Tests.Fakes.LongestFirstOrderer))]

namespace TomDashboard.Tests.Fakes;

/// <summary>
/// Starts the classes that take longest first (their tests run one after another), so that they share the cores with
/// the many short ones instead of running alone at the end of the suite. The rest keep xunit's default order.
/// </summary>
public sealed class LongestFirstOrderer : ITestCollectionOrderer
{
    /// <summary>Longest first, as a full run's timings showed (two-host Kafka tests about 110 s, Kafka streams 65 s).</summary>
    private static readonly string[] Longest =
    [
        typeof(SeveralInstancesTests).FullName!,
        typeof(KafkaStreamTests).FullName!,
        typeof(XssFlowOnSqliteTests).FullName!,
        typeof(XssFlowOnPostgresTests).FullName!,
        typeof(SharingFlowOnSqliteTests).FullName!,
    ];

    public IReadOnlyCollection<TTestCollection> OrderTestCollections<TTestCollection>(IReadOnlyCollection<TTestCollection> testCollections)
        where TTestCollection : notnull, ITestCollection =>
        [.. DefaultTestCollectionOrderer.Instance.OrderTestCollections(testCollections).OrderBy(collection => Rank(collection.TestCollectionDisplayName))];

    private static int Rank(string displayName)
    {
        // A class's own collection is named "Test collection for <full class name> (id: <hash>)".
        var index = Array.FindIndex(Longest, name => displayName.Contains($" {name} ", StringComparison.Ordinal) || displayName.EndsWith($" {name}", StringComparison.Ordinal));
        return index < 0 ? Longest.Length : index;
    }
}
