using Microsoft.EntityFrameworkCore;

namespace TomDashboard.Data;

/// <summary>
/// The same store on PostgreSQL. A type of its own only so that PostgreSQL has its own migrations
/// (<c>Data/Migrations/Postgres</c>, <c>dotnet ef migrations add … --context PostgresTomDbContext</c>); everything else
/// asks for <see cref="TomDbContext"/> and gets this one when <c>Database:Provider</c> is Postgres.
/// </summary>
public sealed class PostgresTomDbContext(DbContextOptions<TomDbContext> options) : TomDbContext(options);
