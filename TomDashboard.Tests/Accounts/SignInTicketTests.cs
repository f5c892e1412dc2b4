using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TomDashboard.Accounts;
using TomDashboard.Tests.Fakes;

namespace TomDashboard.Tests.Accounts;

/// <summary>The hand-over from a checked password to the session cookie, over real HTTP.</summary>
public sealed class SignInTicketTests : IAsyncLifetime
{
    private const string Passphrase = "correct horse battery";
    private TestApp _app = null!;

    private AccountDirectory Accounts => _app.Services.GetRequiredService<AccountDirectory>();

    public async ValueTask InitializeAsync()
    {
        _app = new TestApp();
        await Accounts.CreateFirstAdministratorAsync("ada", Passphrase, TestContext.Current.CancellationToken);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task A_ticket_gives_a_session_once_and_the_session_opens_the_pages()
    {
        using var client = _app.NewClient();
        var ticket = (await Accounts.CheckPasswordAsync("ada", Passphrase, TestContext.Current.CancellationToken)).Ticket!;

        using var signedIn = await CompleteAsync(client, ticket, "/targets?page=2");
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/targets?page=2", signedIn.Headers.Location!.OriginalString);
        Assert.Contains(signedIn.Headers.GetValues("Set-Cookie"), cookie => cookie.StartsWith("TomDashboard.Session=", StringComparison.Ordinal) && cookie.Contains("httponly", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/targets", TestContext.Current.CancellationToken)).StatusCode);

        using var other = _app.NewClient();
        using var replayed = await CompleteAsync(other, ticket, "/");
        Assert.Equal("/account/sign-in?problem=expired", replayed.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await other.GetAsync("/targets", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task The_keys_that_protect_cookies_and_tickets_are_kept_in_the_database()
    {
        using var client = _app.NewClient();
        await CompleteAsync(client, (await Accounts.CheckPasswordAsync("ada", Passphrase, TestContext.Current.CancellationToken)).Ticket!, "/");

        var factory = _app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<TomDashboard.Data.TomDbContext>>();
        await using var database = await factory.CreateDbContextAsync(TestContext.Current.CancellationToken);
        var key = Assert.Single(await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(database.DataProtectionKeys, TestContext.Current.CancellationToken));
        Assert.Contains("<key ", key.Xml, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a ticket")]
    [InlineData("")]
    public async Task A_forged_or_missing_ticket_asks_to_sign_in_again(string ticket)
    {
        using var client = _app.NewClient();

        using var response = await CompleteAsync(client, ticket, "/");

        Assert.Equal("/account/sign-in?problem=expired", response.Headers.Location!.OriginalString);
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(cookie => cookie.StartsWith("TomDashboard.Session=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_ticket_taken_before_a_sign_out_everywhere_is_refused()
    {
        using var client = _app.NewClient();
        var ticket = (await Accounts.CheckPasswordAsync("ada", Passphrase, TestContext.Current.CancellationToken)).Ticket!;
        using (var first = _app.NewClient())
        {
            using var signedIn = await CompleteAsync(first, (await Accounts.CheckPasswordAsync("ada", Passphrase, TestContext.Current.CancellationToken)).Ticket!, "/");
            var user = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
                [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, Assert.Single(await Accounts.ListUsersAsync(TestContext.Current.CancellationToken)).Id)], "test"));
            await Accounts.EndSessionsAsync(user, TestContext.Current.CancellationToken);
        }

        using var response = await CompleteAsync(client, ticket, "/");

        Assert.Equal("/account/sign-in?problem=expired", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Signing_out_clears_the_cookie()
    {
        using var client = _app.NewClient();
        await CompleteAsync(client, (await Accounts.CheckPasswordAsync("ada", Passphrase, TestContext.Current.CancellationToken)).Ticket!, "/");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/targets", TestContext.Current.CancellationToken)).StatusCode);

        using var signedOut = await client.GetAsync(AccountEndpoints.SignedOutPath, TestContext.Current.CancellationToken);

        Assert.Equal("/account/sign-in?problem=signed-out", signedOut.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/targets", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Theory]
    [InlineData("//evil.example/steal", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("javascript:alert(1)", "/")]
    [InlineData("/targets/7?tab=photometry", "/targets/7?tab=photometry")]
    [InlineData(null, "/")]
    public void Only_a_path_on_this_site_is_a_return_address(string? returnUrl, string expected) =>
        Assert.Equal(expected, AccountEndpoints.LocalReturnUrl(returnUrl));

    private static Task<HttpResponseMessage> CompleteAsync(HttpClient client, string ticket, string returnUrl) =>
        client.PostAsync(AccountEndpoints.CompleteSignInPath, new FormUrlEncodedContent(new Dictionary<string, string> { ["ticket"] = ticket, ["returnUrl"] = returnUrl }),
            TestContext.Current.CancellationToken);
}
