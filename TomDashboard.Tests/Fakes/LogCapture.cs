using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace TomDashboard.Tests.Fakes;

/// <summary>One log entry as a sink would write it: the formatted message, the exception with its stack, and the scopes.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, string Message, string? Exception, string Scopes)
{
    public string Text => $"{Level} {Category}: {Message}\n{Exception}\n{Scopes}";
}

/// <summary>
/// An ILoggerProvider that keeps every entry in memory. Its alias is <c>LogCapture</c>, so configuration can raise its
/// levels alone (<c>Logging:LogCapture:LogLevel:Default</c>) while the console stays quiet.
/// </summary>
[ProviderAlias("LogCapture")]
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<CapturedLog> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => capture._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new StringBuilder();
            capture._scopes.ForEachScope(
                (scope, builder) =>
                {
                    builder.Append(scope).Append(" => ");
                    // Structured scopes (HttpClient's, ASP.NET Core's) hold their values as pairs too.
                    if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                    {
                        foreach (var (key, value) in pairs)
                        {
                            builder.Append(key).Append('=').Append(value).Append(' ');
                        }
                    }
                },
                scopes);
            var values = new StringBuilder();
            if (state is IEnumerable<KeyValuePair<string, object?>> properties)
            {
                foreach (var (key, value) in properties)
                {
                    values.Append(' ').Append(key).Append('=').Append(value);
                }
            }

            capture.Entries.Enqueue(new CapturedLog(category, logLevel, formatter(state, exception) + values, exception?.ToString(), scopes.ToString()));
        }
    }
}
