using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using TomDashboard.Accounts;
using TomDashboard.Data;

namespace TomDashboard.Hosting;

public static class AccountsHosting
{
    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AccountOptions>()
            .Bind(configuration.GetSection(AccountOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Cookies and sign-in tickets survive a restart and work on every instance that shares the database.
        services.AddDataProtection().SetApplicationName("TomDashboard").PersistKeysToDbContext<TomDbContext>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.AddIdentityCore<TomUser>()
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<TomDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        services.AddOptions<IdentityOptions>().Configure<IOptions<AccountOptions>>((identity, accounts) =>
        {
            var settings = accounts.Value;
            identity.Password.RequiredLength = settings.PasswordMinimumLength;
            identity.Password.RequiredUniqueChars = 4;
            // Length does more than character classes (NIST SP 800-63B); a long passphrase passes.
            identity.Password.RequireDigit = false;
            identity.Password.RequireLowercase = false;
            identity.Password.RequireUppercase = false;
            identity.Password.RequireNonAlphanumeric = false;
            identity.Lockout.AllowedForNewUsers = true;
            identity.Lockout.MaxFailedAccessAttempts = settings.MaxFailedSignIns;
            identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(settings.LockoutMinutes);
            identity.User.RequireUniqueEmail = false;
            identity.SignIn.RequireConfirmedAccount = false;
        });
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme).Configure<IOptions<AccountOptions>>((cookie, accounts) =>
        {
            cookie.Cookie.Name = "TomDashboard.Session";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.LoginPath = AccountEndpoints.SignInPath;
            cookie.AccessDeniedPath = AccountEndpoints.AccessDeniedPath;
            cookie.ReturnUrlParameter = "returnUrl";
            // One lifetime for cookie and circuit (CircuitSessionValidator); not renewed by activity.
            cookie.ExpireTimeSpan = TimeSpan.FromHours(accounts.Value.SessionHours);
            cookie.SlidingExpiration = false;
        });
        services.AddOptions<SecurityStampValidatorOptions>().Configure<IOptions<AccountOptions>, TimeProvider>((validator, accounts, time) =>
        {
            validator.TimeProvider = time;
            validator.ValidationInterval = TimeSpan.FromSeconds(accounts.Value.RevalidateSeconds);
            // A refreshed cookie keeps the moment its session began.
            validator.OnRefreshingPrincipal = context =>
            {
                if (context.CurrentPrincipal?.FindFirst(SessionClaims.SignedInAt) is { } signedInAt && context.NewPrincipal?.Identity is System.Security.Claims.ClaimsIdentity identity)
                {
                    identity.AddClaim(new System.Security.Claims.Claim(signedInAt.Type, signedInAt.Value, signedInAt.ValueType));
                }

                return Task.CompletedTask;
            };
        });

        // Every endpoint needs a signed-in user unless it says otherwise (sign-in, setup, static assets, health).
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, CircuitSessionValidator>();

        services.AddSingleton<SignInTickets>();
        services.AddSingleton<AccountDirectory>();
        services.AddSingleton<TeamGroups>();
        services.AddScoped<CurrentViewer>();
        services.AddSingleton<CircuitsPerUser>();
        services.AddScoped<CircuitAdmission>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler>(provider => provider.GetRequiredService<CircuitAdmission>());
        services.AddSingleton<StreamAccount>();
        return services;
    }

    /// <summary>Seeds the first administrator from configuration when no user exists yet.</summary>
    public static async Task SeedInitialAdministratorAsync(this IServiceProvider services, ILogger logger, CancellationToken cancellationToken)
    {
        var seed = services.GetRequiredService<IOptions<AccountOptions>>().Value.InitialAdmin;
        if (string.IsNullOrWhiteSpace(seed.UserName) || string.IsNullOrEmpty(seed.Password))
        {
            return;
        }

        var accounts = services.GetRequiredService<AccountDirectory>();
        if (await accounts.AnyUserAsync(cancellationToken))
        {
            return;
        }

        var result = await accounts.CreateFirstAdministratorAsync(seed.UserName, seed.Password, cancellationToken);
        if (!result.Succeeded && result.Message == AccountDirectory.AlreadySetUp)
        {
            // Another instance, started at the same time with the same settings, seeded it first.
            return;
        }

        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Auth:InitialAdmin could not be created: {result.Message}");
        }

        logger.LogInformation("Auth:InitialAdmin seeded the first administrator");
    }
}
