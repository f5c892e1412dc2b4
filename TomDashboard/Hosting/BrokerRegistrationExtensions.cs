using System.Net;
using System.Reflection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using TomDashboard.Brokers;
using TomDashboard.Brokers.Forms;

namespace TomDashboard.Hosting;

public static class BrokerRegistrationExtensions
{
    /// <summary>
    /// Registers one broker: its options (bound from <c>Brokers:&lt;Name&gt;</c> and validated), its typed HttpClient
    /// with the standard resilience handler, and its catalog entry.
    /// </summary>
    public static IServiceCollection AddBroker<TBroker, TOptions>(this IServiceCollection services, IConfiguration configuration)
        where TBroker : class, IBroker
        where TOptions : BrokerOptions, new()
    {
        var description = typeof(TBroker).GetCustomAttribute<BrokerAttribute>()
            ?? throw new InvalidOperationException($"{typeof(TBroker).Name} needs a [Broker] attribute.");
        var parametersType = FindParametersType(typeof(TBroker));
        var name = description.Name;
        // Brokers take their HttpClient and options when their constructor asks for them.
        var constructorTakes = typeof(TBroker).GetConstructors().SelectMany(constructor => constructor.GetParameters())
            .Select(parameter => parameter.ParameterType).ToHashSet();

        services.AddOptions<TOptions>(name)
            .Bind(configuration.GetSection($"Brokers:{name}"))
            .ValidateDataAnnotations();

        services.AddHttpClient(BrokerHttp.ClientName(name))
            .AddTypedClient<TBroker>((http, provider) =>
            {
                var options = provider.GetRequiredService<IOptionsMonitor<TOptions>>().Get(name);
                object[] given = [http, options];
                return ActivatorUtilities.CreateInstance<TBroker>(provider, [.. given.Where(argument => constructorTakes.Contains(argument.GetType()))]);
            })
            .AddStandardResilienceHandler()
            .Configure((resilience, provider) => ApplyTimeouts(resilience, provider.GetRequiredService<IOptionsMonitor<TOptions>>().Get(name)));

        services.AddKeyedTransient<IBroker>(name, (provider, _) => provider.GetRequiredService<TBroker>());
        services.AddSingleton(new BrokerRegistration(
            name,
            typeof(TBroker),
            parametersType,
            description.ScoreDescription,
            provider => provider.GetRequiredService<IOptionsMonitor<TOptions>>().Get(name)));
        return services;
    }

    /// <summary>Registers the provider of a <c>[Choices(key)]</c> field.</summary>
    public static IServiceCollection AddBrokerChoices<TProvider>(this IServiceCollection services, string key)
        where TProvider : class, IChoiceProvider
    {
        services.AddKeyedSingleton<IChoiceProvider, TProvider>(key);
        return services;
    }

    private static void ApplyTimeouts(HttpStandardResilienceOptions resilience, BrokerOptions options)
    {
        var attempt = TimeSpan.FromSeconds(options.TimeoutSeconds);
        resilience.AttemptTimeout.Timeout = attempt;
        resilience.Retry.ShouldRetryAfterHeader = true;
        if (options.Retries > 0)
        {
            resilience.Retry.MaxRetryAttempts = options.Retries;
            // Honour Retry-After, but a broker that asks for a long wait (Lasair: an hour) is reported, not waited for.
            var longest = TimeSpan.FromSeconds(options.MaxRetryAfterSeconds);
            resilience.Retry.ShouldHandle = arguments => ValueTask.FromResult(
                arguments.Outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } limited && BrokerHttp.RetryAfterOf(limited) > longest
                    ? false
                    : HttpClientResiliencePredicates.IsTransient(arguments.Outcome));
        }
        else
        {
            // The pipeline needs at least one attempt configured; handling nothing turns retries off.
            resilience.Retry.ShouldHandle = _ => ValueTask.FromResult(false);
        }

        // The whole call may take every attempt plus back-off; the breaker samples at least two attempts.
        resilience.TotalRequestTimeout.Timeout = attempt * (options.Retries + 1) + TimeSpan.FromSeconds(10);
        resilience.CircuitBreaker.SamplingDuration = attempt * 2 + TimeSpan.FromSeconds(1);
    }

    private static Type FindParametersType(Type brokerType)
    {
        for (var type = brokerType; type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Broker<,>))
            {
                return type.GetGenericArguments()[0];
            }
        }

        throw new InvalidOperationException($"{brokerType.Name} must derive from Broker<TParameters, TAlert>.");
    }
}
