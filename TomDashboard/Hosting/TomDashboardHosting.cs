using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using MudBlazor.Services;
using TomDashboard.Brokers;
using TomDashboard.Brokers.Alerce;
using TomDashboard.Brokers.Fink;
using TomDashboard.Brokers.Forms;
using TomDashboard.Brokers.Lasair;
using TomDashboard.Brokers.Tutorial;
using TomDashboard.Components;
using TomDashboard.Queries;
using TomDashboard.Targets;

namespace TomDashboard.Hosting;

/// <summary>The composition root: what Program.cs calls.</summary>
public static class TomDashboardHosting
{
    public static WebApplicationBuilder AddTomDashboard(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        UseRepositoryAppSettings(builder.Configuration);

        builder.Services.AddRazorComponents().AddInteractiveServerComponents()
            .AddHubOptions(hub => hub.MaximumReceiveMessageSize = CircuitLimits.MaximumReceiveMessageSize);
        builder.Services.AddMudServices();
        builder.Services.AddSingleton(TimeProvider.System);

        builder.AddTomData();
        builder.AddQueries();
        builder.AddTargets();
        builder.AddBrokers();
        builder.AddStreams();
        return builder;
    }

    /// <summary>Every broker, one line each.</summary>
    public static IHostApplicationBuilder AddBrokers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BrokerCatalog>();
        builder.Services.AddSingleton<ChoiceLoader>();

        builder.AddBroker<MyBroker, MyBrokerOptions>();
        builder.AddBroker<LasairBroker, LasairOptions>();
        builder.AddBroker<FinkBroker, FinkOptions>().AddBrokerChoices<FinkClassChoices>(FinkClassChoices.Key);
        builder.AddBroker<AlerceBroker, AlerceOptions>()
            .AddBrokerChoices<AlerceClassifierChoices>(AlerceClassifierChoices.ClassifiersKey)
            .AddBrokerChoices<AlerceClassChoices>(AlerceClassifierChoices.ClassesKey);
        return builder;
    }

    public static IHostApplicationBuilder AddQueries(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AlertGridOptions>()
            .Bind(builder.Configuration.GetSection(AlertGridOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<QueryRunner>();
        builder.Services.AddSingleton<SavedQueries>();
        return builder;
    }

    public static IHostApplicationBuilder AddTargets(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TargetOptions>()
            .Bind(builder.Configuration.GetSection(TargetOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<TargetWriter>();
        builder.Services.AddSingleton<TargetLists>();
        builder.Services.AddSingleton<TargetEditor>();
        builder.Services.AddSingleton<TargetCsv>();
        builder.Services.AddSingleton<TargetSearch>();
        builder.Services.AddSingleton<BrokerDataRefresher>();
        return builder;
    }

    public static async Task MapTomDashboardAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        await app.Services.MigrateTomDatabaseAsync(app.Lifetime.ApplicationStopping);
        app.Services.GetRequiredService<BrokerCatalog>().LogAvailability(app.Logger);

        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        }

        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapGet(MyBroker.SampleDataPath, () => Results.Stream(MyBroker.OpenSampleData(), "application/json"));
        app.MapGet(TargetCsv.ExportPath, (TargetCsv csv, long? list, HttpContext context) => csv.ExportResultAsync(list, context.RequestAborted));
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    }

    /// <summary>
    /// The app reads one configuration file: the repository's appsettings.json, which the build copies next to the
    /// app. Environment variables and the command line still override it.
    /// </summary>
    private static void UseRepositoryAppSettings(ConfigurationManager configuration)
    {
        var sources = configuration;
        var defaults = sources.Sources.OfType<JsonConfigurationSource>()
            .Where(source => source.Path is not null && source.Path.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase))
            .ToList();
        var position = defaults.Count > 0 ? sources.Sources.IndexOf(defaults[0]) : 0;
        foreach (var source in defaults)
        {
            sources.Sources.Remove(source);
        }

        var file = new JsonConfigurationSource
        {
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
            Path = "appsettings.json",
            Optional = false,
            ReloadOnChange = false,
        };
        sources.Sources.Insert(position, file);
    }
}
