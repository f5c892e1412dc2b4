using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using TomDashboard.Accounts;

namespace TomDashboard.Tests.Accounts;

/// <summary>One user's circuits (open tabs) are counted against Auth:MaxCircuitsPerUser, and given back when they close.</summary>
public sealed class CircuitLimitTests
{
    private static readonly CancellationToken Cancellation = TestContext.Current.CancellationToken;

    private sealed class SignedIn(string? userId) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(userId is null
            ? new ClaimsPrincipal(new ClaimsIdentity())
            : new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)], "test"))));
    }

    private static async Task<CircuitAdmission> OpenAsync(CircuitsPerUser circuits, string? userId)
    {
        var admission = new CircuitAdmission(circuits, new SignedIn(userId));
        // The handler does not look at the circuit itself.
        await admission.OnCircuitOpenedAsync(null!, Cancellation);
        return admission;
    }

    [Fact]
    public async Task The_tab_past_the_limit_is_refused_with_a_message_and_closing_one_lets_the_next_in()
    {
        var circuits = new CircuitsPerUser(Options.Create(new AccountOptions { MaxCircuitsPerUser = 2 }));
        var first = await OpenAsync(circuits, "ada");
        var second = await OpenAsync(circuits, "ada");
        var third = await OpenAsync(circuits, "ada");
        var bobs = await OpenAsync(circuits, "bob");
        var signedOut = await OpenAsync(circuits, null);

        Assert.Null(first.Refusal);
        Assert.Null(second.Refusal);
        Assert.Equal("You have 2 TomDashboard tabs open already (Auth:MaxCircuitsPerUser). Close one, then reload this tab.", third.Refusal);
        Assert.Null(bobs.Refusal);
        Assert.Null(signedOut.Refusal);
        Assert.Equal((2, 1), (circuits.OpenOf("ada"), circuits.OpenOf("bob")));

        // A refused circuit was never counted, so closing it gives nothing back.
        await third.OnCircuitClosedAsync(null!, Cancellation);
        Assert.Equal(2, circuits.OpenOf("ada"));
        await first.OnCircuitClosedAsync(null!, Cancellation);
        await first.OnCircuitClosedAsync(null!, Cancellation);
        Assert.Equal(1, circuits.OpenOf("ada"));
        Assert.Null((await OpenAsync(circuits, "ada")).Refusal);
        Assert.NotNull((await OpenAsync(circuits, "ada")).Refusal);
    }
}
