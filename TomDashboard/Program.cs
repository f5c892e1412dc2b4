using TomDashboard.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddTomDashboard();

var app = builder.Build();
await app.MapTomDashboardAsync();
await app.RunAsync();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
