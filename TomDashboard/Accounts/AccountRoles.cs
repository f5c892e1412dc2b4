namespace TomDashboard.Accounts;

/// <summary>The one role: administrators manage users and groups. Everything else follows ownership and groups.</summary>
public static class AccountRoles
{
    public const string Administrator = "Administrator";
}
