using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using TomDashboard.Accounts;
using TomDashboard.Brokers;
using TomDashboard.Hosting;
using TomDashboard.Queries;
using TomDashboard.Targets;

namespace TomDashboard.Tests.Fakes;

/// <summary>A bUnit context with MudBlazor, the app's services on a real SQLite file, and a channel-fed broker.</summary>
public abstract class DashboardTestContext : BunitContext, IAsyncLifetime
{
    static DashboardTestContext() =>
        // WaitForAssertion gives up after this; a busy CI machine renders slower than a laptop.
        DefaultWaitTimeout = TimeSpan.FromSeconds(10);

    protected DashboardTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton<Microsoft.Extensions.Hosting.IHostApplicationLifetime>(
            new Microsoft.Extensions.Hosting.Internal.ApplicationLifetime(NullLogger<Microsoft.Extensions.Hosting.Internal.ApplicationLifetime>.Instance));
        Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AlertGrid:RenderIntervalMilliseconds"] = "30" })
            .Build();
        Services.AddSingleton<IConfiguration>(configuration);
        Services.AddQueries(configuration).AddTargets(configuration).AddBrokerCatalog();
        Services.AddSingleton(new BrokerRegistration(
            ChannelBroker.BrokerName, typeof(ChannelBroker), typeof(ChannelBrokerParameters), "Fake score: the test's own number.", _ => new BrokerOptions()));
        Services.AddKeyedSingleton<IBroker>(ChannelBroker.BrokerName, (_, _) => Broker);
        Services.AddSingleton(_ => Database.Factory);
        // Pages ask who is signed in: this test's user, stored in the test database when it starts.
        Services.AddSingleton<TeamGroups>();
        Services.AddScoped<CurrentViewer>();
        var authorization = AddAuthorization();
        authorization.SetAuthorized(TestUserName);
        authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, TestUserId));
    }

    protected const string TestUserId = "bunit-user";
    protected const string TestUserName = "bunit";

    protected static CancellationToken Cancellation => Xunit.TestContext.Current.CancellationToken;

    /// <summary>The broker every run in this test gets.</summary>
    protected ChannelBroker Broker { get; } = new();

    protected TestDatabase Database { get; private set; } = default!;

    public async ValueTask InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        await using var database = await Database.Factory.CreateDbContextAsync(Cancellation);
        database.Users.Add(new TomUser { Id = TestUserId, UserName = TestUserName, NormalizedUserName = TestUserName.ToUpperInvariant(), CreatedAt = DateTimeOffset.UtcNow });
        await database.SaveChangesAsync(Cancellation);
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
