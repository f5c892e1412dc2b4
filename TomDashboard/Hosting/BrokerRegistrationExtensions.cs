using System.Net;
using System.Reflection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
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

        TOptions OptionsOf(IServiceProvider provider) => provider.GetRequiredService<IOptionsMonitor<TOptions>>().Get(name);
        services.AddHttpClient(BrokerHttp.ClientName(name))
            .ConfigureHttpClient((provider, http) =>
                // A backstop only: the resilience pipeline's total timeout ends the call first.
                http.Timeout = TimeSpan.FromSeconds(OptionsOf(provider).TimeoutSeconds) + TimeSpan.FromSeconds(5))
            .AddTypedClient<TBroker>((http, provider) =>
            {
                object[] given = [http, OptionsOf(provider)];
                return ActivatorUtilities.CreateInstance<TBroker>(provider, [.. given.Where(argument => constructorTakes.Contains(argument.GetType()))]);
            })
            // Outside the resilience handler, so it sees the whole call and its timeout.
            .AddHttpMessageHandler(provider => new BrokerCallHandler(
                name, () => OptionsOf(provider), provider.GetRequiredService<BrokerMetrics>(), provider.GetRequiredService<BrokerHealth>()))
            .AddStandardResilienceHandler()
            .Configure((resilience, provider) => ApplyResilience(resilience, OptionsOf(provider), name, provider.GetRequiredService<BrokerMetrics>()));

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

    /// <summary>
    /// The breaker reports its state; TimeoutSeconds bounds the whole call (the total request timeout). One attempt may take all of it, because a
    /// slow broker is usually busy, not lost; retries after fast failures use what is left, and stop when it runs out.
    /// </summary>
    private static void ApplyResilience(HttpStandardResilienceOptions resilience, BrokerOptions options, string name, BrokerMetrics metrics)
    {
        // The breaker's state is part of the broker's health.
        resilience.CircuitBreaker.OnOpened = _ => Changed(BrokerCircuitState.Open);
        resilience.CircuitBreaker.OnHalfOpened = _ => Changed(BrokerCircuitState.HalfOpen);
        resilience.CircuitBreaker.OnClosed = _ => Changed(BrokerCircuitState.Closed);

        var limit = TimeSpan.FromSeconds(options.TimeoutSeconds);
        resilience.TotalRequestTimeout.Timeout = limit;
        resilience.AttemptTimeout.Timeout = limit;
        // The resilience validation asks for at least two attempt timeouts.
        resilience.CircuitBreaker.SamplingDuration = limit * 2 + TimeSpan.FromSeconds(1);
        resilience.Retry.ShouldRetryAfterHeader = true;
        if (options.Retries > 0)
        {
            resilience.Retry.MaxRetryAttempts = options.Retries;
            // Honour Retry-After, but a broker that asks for a long wait (Lasair: an hour), or longer than the call may
            // take, is reported, not waited for.
            var longest = TimeSpan.FromSeconds(Math.Min(options.MaxRetryAfterSeconds, options.TimeoutSeconds));
            resilience.Retry.ShouldHandle = arguments => ValueTask.FromResult(
                arguments.Outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } limited && BrokerHttp.RetryAfterOf(limited) > longest
                    ? false
                    : HttpClientResiliencePredicates.IsTransient(arguments.Outcome));
            // Should the time run out between retries, the failure being retried is what the user needs to hear.
            resilience.Retry.OnRetry = arguments =>
            {
                var failure = arguments.Outcome.Exception
                    ?? (arguments.Outcome.Result is { } response ? new BrokerHttpException(response.StatusCode, BrokerHttp.RetryAfterOf(response), null) : null);
                if (failure is not null)
                {
                    arguments.Context.GetRequestMessage()?.Options.Set(BrokerCallHandler.LastFailedAttemptKey, failure);
                }

                if (arguments.Outcome.Result is { } asked && BrokerHttp.RetryAfterOf(asked) is not null)
                {
                    metrics.RetryAfterHonoured(name, arguments.RetryDelay);
                }

                return ValueTask.CompletedTask;
            };
        }
        else
        {
            // The pipeline needs at least one attempt configured; handling nothing turns retries off.
            resilience.Retry.ShouldHandle = _ => ValueTask.FromResult(false);
        }

        ValueTask Changed(BrokerCircuitState state)
        {
            metrics.CircuitChanged(name, state);
            return ValueTask.CompletedTask;
        }
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
