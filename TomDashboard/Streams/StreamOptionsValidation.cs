using Microsoft.Extensions.Options;

namespace TomDashboard.Streams;

/// <summary>
/// Each entry of <c>Streams</c> is a named <see cref="StreamOptions"/>: the name is its key in the section ("0", "1"…).
/// Bound when first asked for, so every configuration source (environment, tests) has been applied by then.
/// </summary>
public sealed class StreamOptionsBinder(IConfiguration configuration) : IConfigureNamedOptions<StreamOptions>
{
    public void Configure(string? name, StreamOptions options) =>
        configuration.GetSection($"{StreamSupervisor.Section}:{name}").Bind(options);

    public void Configure(StreamOptions options) => Configure(Options.DefaultName, options);
}

/// <summary>
/// The rules of an active stream, as the options system checks them. A stream that breaks them is reported on the
/// streams page and in the log and not started; the others run, so this is not checked at start-up for the app.
/// </summary>
public sealed class StreamOptionsValidator : IValidateOptions<StreamOptions>
{
    public ValidateOptionsResult Validate(string? name, StreamOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Active)
        {
            return ValidateOptionsResult.Success;
        }

        var problems = options.Problems();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
