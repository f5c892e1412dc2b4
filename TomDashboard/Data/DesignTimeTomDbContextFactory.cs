using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace TomDashboard.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the context without starting the app.</summary>
internal sealed class DesignTimeTomDbContextFactory : IDesignTimeDbContextFactory<TomDbContext>
{
    public TomDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<TomDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
