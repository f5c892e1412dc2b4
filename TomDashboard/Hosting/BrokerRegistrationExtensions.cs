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
    public static IHostApplicationBuilder AddBroker<TBroker, TOptions>(this IHostApplicationBuilder builder)
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

        builder.Services.AddOptions<TOptions>(name)
            .Bind(builder.Configuration.GetSection($"Brokers:{name}"))
            .ValidateDataAnnotations();

        TOptions OptionsOf(IServiceProvider services) => services.GetRequiredService<IOptionsMonitor<TOptions>>().Get(name);
        builder.Services.AddHttpClient(HttpClientName(name))
            .ConfigureHttpClient((services, http) =>
                // A backstop only: the resilience pipeline's total timeout ends the call first.
                http.Timeout = TimeSpan.FromSeconds(OptionsOf(services).TimeoutSeconds) + TimeSpan.FromSeconds(5))
            .AddTypedClient<TBroker>((http, services) =>
            {
                object[] given = [http, OptionsOf(services)];
                return ActivatorUtilities.CreateInstance<TBroker>(services, [.. given.Where(argument => constructorTakes.Contains(argument.GetType()))]);
            })
            // Outside the resilience handler, so it sees the whole call and its timeout.
            .AddHttpMessageHandler(services => new BrokerCallHandler(name, () => OptionsOf(services)))
            .AddStandardResilienceHandler()
            .Configure((resilience, services) => ApplyTimeouts(resilience, OptionsOf(services)));

        builder.Services.AddKeyedTransient<IBroker>(name, (services, _) => services.GetRequiredService<TBroker>());
        builder.Services.AddSingleton(new BrokerRegistration(
            name,
            typeof(TBroker),
            parametersType,
            description.ScoreDescription,
            services => services.GetRequiredService<IOptionsMonitor<TOptions>>().Get(name)));
        return builder;
    }

    /// <summary>The broker's named HttpClient (with its resilience handler), for its choice providers.</summary>
    public static string HttpClientName(string brokerName) => $"Broker:{brokerName}";

    /// <summary>Registers the provider of a <c>[Choices(key)]</c> field.</summary>
    public static IHostApplicationBuilder AddBrokerChoices<TProvider>(this IHostApplicationBuilder builder, string key)
        where TProvider : class, IChoiceProvider
    {
        builder.Services.AddKeyedSingleton<IChoiceProvider, TProvider>(key);
        return builder;
    }

    /// <summary>
    /// TimeoutSeconds bounds the whole call (the total request timeout). One attempt may take all of it, because a
    /// slow broker is usually busy, not lost; retries after fast failures use what is left, and stop when it runs out.
    /// </summary>
    private static void ApplyTimeouts(HttpStandardResilienceOptions resilience, BrokerOptions options)
    {
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

                return ValueTask.CompletedTask;
            };
        }
        else
        {
            // The pipeline needs at least one attempt configured; handling nothing turns retries off.
            resilience.Retry.ShouldHandle = _ => ValueTask.FromResult(false);
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
