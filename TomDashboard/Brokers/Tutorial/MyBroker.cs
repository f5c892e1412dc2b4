using System.Runtime.CompilerServices;
using System.Text.Json;
using TomDashboard.Alerts;
using TomDashboard.Astronomy;

namespace TomDashboard.Brokers.Tutorial;

/// <summary>
/// The TOM Toolkit tutorial's broker ("Creating an Alert Broker Module") in C#: it reads a JSON list of alerts
/// and yields those whose name equals the target name.
/// </summary>
[Broker("MyBroker", ScoreDescription = "The sample data's own score: a number with no defined meaning (tutorial data).")]
public sealed class MyBroker(HttpClient http, MyBrokerOptions options) : Broker<MyBrokerParameters, MyBrokerAlert>
{
    /// <summary>Where the app serves its bundled copy of the sample data.</summary>
    public const string SampleDataPath = "/alerts/brokers/MyBroker/sample-data.json";

    private const string SampleResource = "TomDashboard.Brokers.Tutorial.example_broker_data.json";
    private const int FeedbackExcerptLength = 500;

    public static Stream OpenSampleData() =>
        typeof(MyBroker).Assembly.GetManifestResourceStream(SampleResource)
            ?? throw new InvalidOperationException($"The sample data {SampleResource} is missing from the build.");

    /// <summary>
    /// Reads the list item by item as it arrives (a large file's first rows show while the rest is still coming), and
    /// keeps each matching item's own text for View.
    /// </summary>
    public override async IAsyncEnumerable<MyBrokerAlert> FetchAlertsAsync(
        MyBrokerParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var (response, body, source) = await OpenDataAsync(cancellationToken);
        using var _ = response;
        await using var data = new BodyStartStream(body, FeedbackExcerptLength * 4);
        await using var items = JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(data, JsonOptions, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            string? problem = null;
            try
            {
                if (!await items.MoveNextAsync())
                {
                    yield break;
                }
            }
            catch (JsonException)
            {
                problem = Excerpt(data.StartText);
            }

            var item = items.Current;
            if (problem is null && !IsNamedAlert(item))
            {
                problem = Excerpt(item.GetRawText());
            }

            if (problem is not null)
            {
                ReportFeedback(FeedbackSeverity.Error, $"MyBroker's data is not a list of alerts with names. It said: {problem}");
                yield break;
            }

            if (parameters.TargetName is { } wanted && item.GetProperty("name").ValueEquals(wanted))
            {
                var alert = item.Deserialize<MyBrokerAlert>(JsonOptions)!;
                yield return alert with { Source = source, RawJson = BrokerJson.Compact(item) };
            }
        }
    }

    /// <summary>View shows the item as MyBroker sent it.</summary>
    protected override string ToRawJson(MyBrokerAlert alert) => alert?.RawJson ?? base.ToRawJson(alert!);

    public override GenericAlert ToGenericAlert(MyBrokerAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return new GenericAlert
        {
            Id = alert.Id,
            Name = alert.Name,
            Source = Name,
            Timestamp = AstroTime.TryParseUtc(alert.Timestamp, out var time) ? time : null,
            Ra = alert.Ra,
            Dec = alert.Dec,
            Mag = alert.Mag,
            Score = alert.Score,
            Url = alert.Source,
        };
    }

    /// <summary>The body as a stream, read as it arrives (not buffered first), and where it came from.</summary>
    private async Task<(HttpResponseMessage? Response, Stream Body, string Source)> OpenDataAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Url))
        {
            cancellationToken.ThrowIfCancellationRequested();
            return (null, OpenSampleData(), SampleDataPath);
        }

        var response = await http.GetAsync(options.Url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        try
        {
            await response.EnsureBrokerSuccessAsync(cancellationToken);
            return (response, await response.Content.ReadAsStreamAsync(cancellationToken), options.Url);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>The tutorial's shape check: each item of the list is an object with a string <c>name</c> and an id.</summary>
    private static bool IsNamedAlert(JsonElement item) =>
        item.ValueKind == JsonValueKind.Object
        && item.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
        && item.TryGetProperty("id", out var id) && id.ValueKind is JsonValueKind.Number or JsonValueKind.String;

    private static string Excerpt(string body)
    {
        var trimmed = body.Trim();
        return trimmed.Length <= FeedbackExcerptLength ? trimmed : string.Concat(trimmed.AsSpan(0, FeedbackExcerptLength), "…");
    }
}
