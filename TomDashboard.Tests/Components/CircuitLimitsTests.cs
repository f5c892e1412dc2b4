using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TomDashboard.Brokers;
using TomDashboard.Brokers.Forms;
using TomDashboard.Components;

namespace TomDashboard.Tests.Components;

public sealed class CircuitLimitsTests
{
    [Fact]
    public async Task The_blazor_hub_receives_the_longest_field_of_every_registered_broker()
    {
        var directory = Directory.CreateTempSubdirectory("tomdashboard-limits");
        try
        {
            await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
            {
                builder.UseEnvironment("Development");
                builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["ConnectionStrings:TomDashboard"] = $"Data Source={Path.Combine(directory.FullName, "limits.db")}",
                }));
            });
            var services = factory.Services;

            var longest = services.GetServices<BrokerRegistration>()
                .SelectMany(registration => ParameterSchema.For(registration.ParametersType))
                .Where(field => field.Kind is ParameterKind.Text or ParameterKind.Choice or ParameterKind.MultiChoice)
                .Max(field => field.MaxLength);
            // The Blazor hub is internal; its options are resolved by its type's name.
            var hub = typeof(CircuitOptions).Assembly.GetType("Microsoft.AspNetCore.Components.Server.ComponentHub", throwOnError: true)!;
            var optionsType = typeof(IOptions<>).MakeGenericType(typeof(HubOptions<>).MakeGenericType(hub));
            var options = (HubOptions)optionsType.GetProperty(nameof(IOptions<object>.Value))!.GetValue(services.GetRequiredService(optionsType))!;

            Assert.True(longest >= 130_000, $"a list field takes 10,000 ZTF ids; the longest takes {longest}");
            Assert.True(options.MaximumReceiveMessageSize >= (long)longest * CircuitLimits.BytesPerCharacter,
                $"the hub takes {options.MaximumReceiveMessageSize} bytes; a full {longest}-character field can need {(long)longest * CircuitLimits.BytesPerCharacter}");
            Assert.Equal(CircuitLimits.MaximumReceiveMessageSize, options.MaximumReceiveMessageSize);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }
}
