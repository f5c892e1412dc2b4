using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.FileProviders;
using MudBlazor.Services;
using TomDashboard.Accounts;
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

        builder.Services
            .AddTomData()
            .AddObservability(builder.Configuration)
            .AddAccounts(builder.Configuration)
            .AddQueries(builder.Configuration)
            .AddTargets(builder.Configuration)
            .AddBrokers(builder.Configuration)
            .AddStreams(builder.Configuration);
        return builder;
    }

    /// <summary>The broker catalog and what generated forms need, without any broker.</summary>
    public static IServiceCollection AddBrokerCatalog(this IServiceCollection services)
    {
        services.AddSingleton<BrokerCatalog>();
        services.AddSingleton<ChoiceLoader>();
        // Every broker HttpClient counts its calls; the health page reads the counts.
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<BrokerMetrics>();
        services.AddSingleton<BrokerHealth>();
        return services;
    }

    /// <summary>Every broker, one line each.</summary>
    public static IServiceCollection AddBrokers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddBrokerCatalog();
        services.AddBroker<MyBroker, MyBrokerOptions>(configuration);
        services.AddBroker<LasairBroker, LasairOptions>(configuration);
        services.AddBroker<FinkBroker, FinkOptions>(configuration).AddBrokerChoices<FinkClassChoices>(FinkClassChoices.Key);
        services.AddBroker<AlerceBroker, AlerceOptions>(configuration)
            .AddBrokerChoices<AlerceClassifierChoices>(AlerceClassifierChoices.ClassifiersKey)
            .AddBrokerChoices<AlerceClassChoices>(AlerceClassifierChoices.ClassesKey);
        return services;
    }

    public static IServiceCollection AddQueries(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AlertGridOptions>()
            .Bind(configuration.GetSection(AlertGridOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddMetrics();
        services.AddSingleton<QueryMetrics>();
        services.AddSingleton<QueryRunner>();
        services.AddSingleton<SavedQueries>();
        return services;
    }

    public static IServiceCollection AddTargets(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TargetOptions>()
            .Bind(configuration.GetSection(TargetOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddMetrics();
        services.AddSingleton<TargetMetrics>();
        services.AddSingleton<TargetWriter>();
        services.AddSingleton<AlertTargetActions>();
        services.AddSingleton<TargetLists>();
        services.AddSingleton<TargetEditor>();
        services.AddSingleton<TargetCsv>();
        services.AddSingleton<TargetImports>();
        services.AddSingleton<TargetSearch>();
        services.AddSingleton<BrokerDataRefresher>();
        return services;
    }

    public static async Task MapTomDashboardAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Configuration.RememberConfiguredSecrets(Alerts.SecretRedaction.Default);
        await app.Services.MigrateTomDatabaseAsync(app.Lifetime.ApplicationStopping);
        await app.Services.SeedInitialAdministratorAsync(app.Logger, app.Lifetime.ApplicationStopping);
        app.Services.GetRequiredService<BrokerCatalog>().LogAvailability(app.Logger);

        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        }

        app.UseSecurityHeaders();
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseSameOriginCircuits();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets().AllowAnonymous();
        app.MapAccountEndpoints();
        app.MapObservability();
        app.MapGet(MyBroker.SampleDataPath, () => Results.Stream(MyBroker.OpenSampleData(), "application/json"));
        app.MapGet(TargetCsv.ExportPath, async (TargetCsv csv, TeamGroups groups, long? list, HttpContext context) =>
            await CurrentViewer.ViewerOfAsync(groups, context.User, context.RequestAborted) is { } viewer
                ? await csv.ExportResultAsync(list, viewer, context.RequestAborted)
                : Results.Challenge());
        // Our policy says frame-ancestors with the rest (UseSecurityHeaders); one policy header, not two.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = null)
            .Add(endpoint => AllowAnonymousCircuits(endpoint));
    }

    /// <summary>
    /// The sign-in and setup pages run in a circuit, so the Blazor hub itself is open; each page in it is checked by
    /// AuthorizeRouteView, and a page's own address by its [Authorize] endpoint metadata.
    /// </summary>
    private static void AllowAnonymousCircuits(EndpointBuilder endpoint)
    {
        if (endpoint is RouteEndpointBuilder route && route.RoutePattern.RawText?.StartsWith("/_blazor", StringComparison.Ordinal) == true)
        {
            route.Metadata.Add(new Microsoft.AspNetCore.Authorization.AllowAnonymousAttribute());
        }
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
