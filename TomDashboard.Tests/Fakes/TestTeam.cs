using Microsoft.Extensions.DependencyInjection;
using TomDashboard.Accounts;
using TomDashboard.Alerts;

namespace TomDashboard.Tests.Fakes;

/// <summary>The permission tests' people: Ada and Cy are in the Supernova team, Bob is not.</summary>
public sealed record TestTeam(Viewer Ada, Viewer Bob, Viewer Cy, long GroupId)
{
    public const string Passphrase = "correct horse battery";

    public static async Task<TestTeam> CreateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var accounts = services.GetRequiredService<AccountDirectory>();
        var groups = services.GetRequiredService<TeamGroups>();
        foreach (var name in new[] { "ada", "bob", "cy" })
        {
            await accounts.CreateUserAsync(name, Passphrase, isAdministrator: false, cancellationToken);
        }

        await groups.CreateAsync("Supernova team", cancellationToken);
        var team = Assert.Single(await groups.ListAsync(cancellationToken)).Id;
        await groups.AddMemberAsync(team, "ada", cancellationToken);
        await groups.AddMemberAsync(team, "cy", cancellationToken);
        var users = await accounts.ListUsersAsync(cancellationToken);
        async Task<Viewer> OfAsync(string name) => (await groups.ViewerAsync(users.Single(user => user.UserName == name).Id, cancellationToken))!;
        return new TestTeam(await OfAsync("ada"), await OfAsync("bob"), await OfAsync("cy"), team);
    }
}
