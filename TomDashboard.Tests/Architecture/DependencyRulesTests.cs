using System.Reflection;
using System.Runtime.CompilerServices;
using NetArchTest.Rules;
using TomDashboard.Accounts;
using TomDashboard.Alerts;
using TomDashboard.Brokers;
using TomDashboard.Queries;
using TomDashboard.Streams.Live;
using TomDashboard.Targets;

namespace TomDashboard.Tests.Architecture;

/// <summary>
/// The folder rules of ARCHITECTURE.md, checked on the compiled app: shared models below features, features reaching
/// each other only through their entry points, components above features, and Hosting above everything.
/// </summary>
public sealed class DependencyRulesTests
{
    private const string Root = "TomDashboard";

    private static readonly Assembly App = typeof(GenericAlert).Assembly;

    private static readonly string[] Features = ["Accounts", "Brokers", "Streams", "Targets", "Queries"];

    /// <summary>What a feature offers the others. Everything else in its folder is its own business.</summary>
    private static readonly Dictionary<string, Type[]> EntryPoints = new()
    {
        ["Brokers"] =
        [
            typeof(IBroker), typeof(BrokerCatalog), typeof(BrokerEntry), typeof(BrokerStatus), typeof(BrokerFailure), typeof(BrokerResult), typeof(AlertReceived),
            typeof(FeedbackReported), typeof(BrokerFeedback), typeof(FeedbackSeverity), typeof(BrokerRunEnd), typeof(BrokerHealth),
        ],
        ["Targets"] =
        [
            typeof(TargetWriter), typeof(TargetLists), typeof(TargetSearch), typeof(DuplicatePolicy), typeof(TargetCreation), typeof(TargetCreated),
            typeof(TargetMerged), typeof(TargetAlreadyExists), typeof(TargetRejected), typeof(Target), typeof(TargetListAddition),
        ],
        ["Streams"] = [typeof(LiveAlertHub), typeof(LiveAlertTargets)],
        ["Queries"] = [typeof(QueryRunner), typeof(QueryRun), typeof(SavedQueries)],
        ["Accounts"] = [typeof(AccountDirectory), typeof(TomUser), typeof(AccountRoles), typeof(AccountResult), typeof(UserSummary), typeof(StreamAccount), typeof(StreamIdentity), typeof(TeamGroups), typeof(CurrentViewer)],
    };

    public static TheoryData<string> FeatureNames => [.. Features];

    [Fact]
    public void Astronomy_references_nothing_of_ours()
    {
        AssertNone(Types.InAssembly(App).That().ResideInNamespace($"{Root}.Astronomy"), OtherThan("Astronomy"));
    }

    [Fact]
    public void Alerts_reference_only_astronomy()
    {
        AssertNone(Types.InAssembly(App).That().ResideInNamespace($"{Root}.Alerts"), OtherThan("Alerts", "Astronomy"));
    }

    [Theory]
    [MemberData(nameof(FeatureNames))]
    public void A_feature_uses_neither_components_nor_hosting(string feature)
    {
        AssertNone(Types.InAssembly(App).That().ResideInNamespace($"{Root}.{feature}"), [$"{Root}.Components", $"{Root}.Hosting"]);
    }

    [Theory]
    [MemberData(nameof(FeatureNames))]
    public void A_feature_reaches_another_only_through_its_entry_points(string feature)
    {
        var internals = Features.Where(other => other != feature).SelectMany(InternalsOf).ToArray();
        Assert.NotEmpty(internals);
        AssertNone(Types.InAssembly(App).That().ResideInNamespace($"{Root}.{feature}"), internals);
    }

    [Fact]
    public void Brokers_know_no_other_feature()
    {
        AssertNone(Types.InAssembly(App).That().ResideInNamespace($"{Root}.Brokers"), [$"{Root}.Accounts", $"{Root}.Targets", $"{Root}.Streams", $"{Root}.Queries", $"{Root}.Data"]);
    }

    [Fact]
    public void Only_the_composition_root_uses_hosting()
    {
        var outside = Types.InAssembly(App).That().DoNotResideInNamespace($"{Root}.Hosting").And().DoNotHaveName("Program");
        AssertNone(outside, [$"{Root}.Hosting"]);
    }

    /// <summary>
    /// The live path (streams, query runs, the target writer) logs through source-generated [LoggerMessage] methods,
    /// which check the level before formatting; the LogWarning-style extensions box and format on every call.
    /// </summary>
    [Fact]
    public void The_live_path_logs_only_through_generated_logger_messages()
    {
        var offenders = DirectLogCallers(type =>
            type.Namespace.StartsWith($"{Root}.Streams", StringComparison.Ordinal)
            || type.Name is nameof(QueryRun) or nameof(TargetWriter) or nameof(AlertTargetActions));
        Assert.True(offenders.Count == 0, $"These methods log through LoggerExtensions: {string.Join(", ", offenders)}");
    }

    [Fact]
    public void The_logging_rule_sees_a_direct_log_call()
    {
        // The checker itself: the CSV import still logs through the extensions, and is reported.
        Assert.NotEmpty(DirectLogCallers(type => type.Name == nameof(TargetImports)));
    }

    /// <summary>Methods, lambdas and async state machines included, that call LoggerExtensions, in the top-level types chosen.</summary>
    private static List<string> DirectLogCallers(Func<Mono.Cecil.TypeDefinition, bool> chosen)
    {
        using var module = Mono.Cecil.ModuleDefinition.ReadModule(App.Location);
        static Mono.Cecil.TypeDefinition TopLevel(Mono.Cecil.TypeDefinition type) => type.DeclaringType is null ? type : TopLevel(type.DeclaringType);
        return [.. module.GetTypes()
            .Where(type => chosen(TopLevel(type)))
            .SelectMany(type => type.Methods)
            .Where(method => method.HasBody && method.Body.Instructions.Any(instruction =>
                instruction.Operand is Mono.Cecil.MethodReference called
                && called.DeclaringType.FullName == typeof(Microsoft.Extensions.Logging.LoggerExtensions).FullName))
            .Select(method => $"{method.DeclaringType.FullName}.{method.Name}")];
    }

    [Fact]
    public void The_rules_see_a_dependency_that_breaks_them()
    {
        // The checker itself: a type known to use the writer is reported when the writer counts as forbidden.
        var result = Types.InAssembly(App).That().HaveNameStartingWith(nameof(AlertTargetActions)).ShouldNot()
            .HaveDependencyOnAny(typeof(TargetWriter).FullName!).GetResult();
        Assert.False(result.IsSuccessful);
    }

    /// <summary>Every other folder of ours (as namespace prefixes with a dot, so "Alerts" does not cover "AlertsX").</summary>
    private static string[] OtherThan(params string[] allowed) =>
        [.. App.GetTypes()
            .Select(type => type.Namespace)
            .OfType<string>()
            .Where(name => name.StartsWith($"{Root}.", StringComparison.Ordinal))
            .Select(name => name.Split('.')[1])
            .Distinct(StringComparer.Ordinal)
            .Where(folder => !allowed.Contains(folder))
            .Select(folder => $"{Root}.{folder}.")];

    /// <summary>
    /// A feature's types that are not entry points. NetArchTest matches dependencies by name prefix, so a type whose
    /// name begins an entry point's name (Target, of TargetWriter) cannot be told apart and is left to review.
    /// </summary>
    private static IEnumerable<string> InternalsOf(string feature)
    {
        var entries = EntryPoints[feature].Select(type => type.FullName!).ToList();
        return App.GetTypes()
            .Where(type => type.Namespace?.StartsWith($"{Root}.{feature}", StringComparison.Ordinal) == true)
            .Where(type => !type.IsNested && type.GetCustomAttribute<CompilerGeneratedAttribute>() is null)
            .Select(type => type.FullName!)
            .Where(name => !entries.Any(entry => entry.StartsWith(name, StringComparison.Ordinal)));
    }

    private static void AssertNone(PredicateList types, string[] forbidden)
    {
        var result = types.ShouldNot().HaveDependencyOnAny(forbidden).GetResult();
        Assert.True(result.IsSuccessful, $"These types break the rule: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }
}
