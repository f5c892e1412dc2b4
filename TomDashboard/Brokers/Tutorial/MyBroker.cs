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

    public override async IAsyncEnumerable<MyBrokerAlert> FetchAlertsAsync(
        MyBrokerParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var (body, source) = await ReadDataAsync(cancellationToken);
        if (!TryReadAlerts(body, out var items))
        {
            ReportFeedback(FeedbackSeverity.Error, $"MyBroker's data is not a list of alerts with names. It said: {Excerpt(body)}");
            yield break;
        }

        foreach (var item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (item.GetProperty("name").GetString() == parameters.TargetName)
            {
                var alert = item.Deserialize<MyBrokerAlert>(JsonOptions)!;
                yield return alert with { Source = source };
            }
        }
    }

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

    private async Task<(string Body, string Source)> ReadDataAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Url))
        {
            using var reader = new StreamReader(OpenSampleData());
            return (await reader.ReadToEndAsync(cancellationToken), SampleDataPath);
        }

        using var response = await http.GetAsync(options.Url, cancellationToken);
        await response.EnsureBrokerSuccessAsync(cancellationToken);
        return (await response.Content.ReadAsStringAsync(cancellationToken), options.Url);
    }

    /// <summary>The tutorial's shape check: a JSON array whose items all carry a string <c>name</c>.</summary>
    private static bool TryReadAlerts(string body, out List<JsonElement> items)
    {
        items = [];
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return false;
            }

            foreach (var item in document.RootElement.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object
                    || !item.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
                    || !item.TryGetProperty("id", out var id) || id.ValueKind is not (JsonValueKind.Number or JsonValueKind.String))
                {
                    return false;
                }

                items.Add(item.Clone());
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Excerpt(string body)
    {
        var trimmed = body.Trim();
        return trimmed.Length <= FeedbackExcerptLength ? trimmed : string.Concat(trimmed.AsSpan(0, FeedbackExcerptLength), "…");
    }
}
