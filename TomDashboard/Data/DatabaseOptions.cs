namespace TomDashboard.Data;

public enum DatabaseProvider
{
    /// <summary>One file next to the app: one instance, a small team. The default.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server shared by several instances.</summary>
    Postgres,
}

/// <summary><c>Database</c>: which engine holds the store. The connection string is <c>ConnectionStrings:TomDashboard</c> for both.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
}
