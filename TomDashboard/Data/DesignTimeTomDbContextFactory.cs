using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace TomDashboard.Data;

/// <summary>Lets <c>dotnet ef migrations add --context TomDbContext</c> build the SQLite context without starting the app.</summary>
internal sealed class DesignTimeTomDbContextFactory : IDesignTimeDbContextFactory<TomDbContext>
{
    public TomDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<TomDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>The same for PostgreSQL's migrations (<c>--context PostgresTomDbContext</c>); no server is needed to add one.</summary>
internal sealed class DesignTimePostgresTomDbContextFactory : IDesignTimeDbContextFactory<PostgresTomDbContext>
{
    public PostgresTomDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<TomDbContext>().UseNpgsql("Host=localhost;Database=tomdash_design").Options);
}
