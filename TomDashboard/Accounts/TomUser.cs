using Microsoft.AspNetCore.Identity;

namespace TomDashboard.Accounts;

/// <summary>A person (or the streams' service account) who signs in to TomDashboard.</summary>
public sealed class TomUser : IdentityUser
{
    public const int UserNameMaxLength = 64;

    /// <summary>When the account was created, for the administrators' list.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
