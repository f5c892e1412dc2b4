using System.ComponentModel.DataAnnotations;

namespace TomDashboard.Accounts;

/// <summary><c>Auth</c>: sign-in rules, the session's length and the optional first administrator.</summary>
public sealed class AccountOptions : IValidatableObject
{
    public const string Section = "Auth";

    /// <summary>
    /// Seeds the first administrator when no user exists (CI, containers). Set it from the environment
    /// (<c>Auth__InitialAdmin__UserName</c>, <c>Auth__InitialAdmin__Password</c>), never in a committed file.
    /// </summary>
    public InitialAdminOptions InitialAdmin { get; set; } = new();

    /// <summary>The account stream handlers create targets as, and the groups they share them with.</summary>
    public StreamAccountOptions StreamAccount { get; set; } = new();

    [Range(8, 128)]
    public int PasswordMinimumLength { get; set; } = 12;

    /// <summary>Failed sign-ins in a row before the account is locked.</summary>
    [Range(1, 100)]
    public int MaxFailedSignIns { get; set; } = 5;

    [Range(1, 24 * 60)]
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>A sign-in lasts this long, cookie and circuit alike; a night's observing fits in the default.</summary>
    [Range(1, 24 * 30)]
    public int SessionHours { get; set; } = 14;

    /// <summary>How often an open circuit checks that its user still exists and has not signed out.</summary>
    [Range(5, 3600)]
    public int RevalidateSeconds { get; set; } = 30;

    /// <summary>Sign-in attempts a minute, per user name and for the whole app: a limit in front of the lockout.</summary>
    [Range(1, 10_000)]
    public int SignInAttemptsPerMinute { get; set; } = 10;

    [Range(1, 100_000)]
    public int SignInAttemptsPerMinuteInTotal { get; set; } = 200;

    /// <summary>Circuits (open tabs) one user may have at once; the next tab says so instead of showing its page.</summary>
    [Range(1, 1_000)]
    public int MaxCircuitsPerUser { get; set; } = 20;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var hasName = !string.IsNullOrWhiteSpace(InitialAdmin.UserName);
        var hasPassword = !string.IsNullOrEmpty(InitialAdmin.Password);
        if (hasName != hasPassword)
        {
            yield return new ValidationResult(
                "Auth:InitialAdmin needs both UserName and Password (or neither, to use the setup page).",
                [nameof(InitialAdmin)]);
        }
    }
}

public sealed class StreamAccountOptions
{
    [Required, StringLength(TomUser.UserNameMaxLength)]
    public string UserName { get; set; } = "streams";

    /// <summary>Group names; created when missing. None makes stream targets Open.</summary>
    public List<string> Groups { get; set; } = [];
}

public sealed class InitialAdminOptions
{
    public string? UserName { get; set; }

    public string? Password { get; set; }
}
