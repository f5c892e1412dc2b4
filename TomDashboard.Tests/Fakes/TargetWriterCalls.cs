using Microsoft.Extensions.Logging.Abstractions;
using TomDashboard.Alerts;
using TomDashboard.Brokers;
using TomDashboard.Targets;

namespace TomDashboard.Tests.Fakes;

/// <summary>
/// Short names for the submissions tests make, each going through the one entry point
/// (<see cref="TargetWriter.WriteAsync"/>) exactly as the app's callers do.
/// </summary>
public static class TargetWriterCalls
{
    public const string TestSource = "test";

    public static Task<TargetCreation> CreateAsync(this TargetWriter writer, TargetDraft draft, CancellationToken cancellationToken) =>
        writer.WriteAsync(new TargetSubmission { Draft = draft, Source = TestSource }, DuplicatePolicy.Refuse, cancellationToken);

    public static Task<TargetCreation> CreateAnywayAsync(this TargetWriter writer, TargetDraft draft, string reason, CancellationToken cancellationToken) =>
        writer.WriteAsync(new TargetSubmission { Draft = draft, Source = TestSource }, DuplicatePolicy.CreateAnyway(reason), cancellationToken);

    public static Task<TargetCreation> CreateWithPhotometryAsync(
        this TargetWriter writer, TargetDraft draft, IReadOnlyList<PhotometryPoint> photometry, CancellationToken cancellationToken, AlertCutouts? cutouts = null) =>
        writer.WriteAsync(TargetSubmission.WithPoints(draft, photometry, cutouts, TestSource), DuplicatePolicy.Refuse, cancellationToken);

    public static Task<TargetCreation> MergeAsync(
        this TargetWriter writer, long targetId, TargetDraft draft, IAsyncEnumerable<PhotometryPoint> photometry, CancellationToken cancellationToken) =>
        writer.WriteAsync(new TargetSubmission { Draft = draft, FetchPhotometry = _ => photometry, Source = TestSource }, DuplicatePolicy.MergeInto(targetId), cancellationToken);

    /// <summary>A broker row, as the grid's Create target (or Create anyway) writes it.</summary>
    public static Task<TargetCreation> CreateFromAlertAsync(
        this TargetWriter writer, IBroker broker, GenericAlert alert, CancellationToken cancellationToken, string? createAnywayReason = null) =>
        new AlertTargetActions(writer, NullLogger<AlertTargetActions>.Instance)
            .WriteAsync(broker, alert, createAnywayReason is null ? DuplicatePolicy.Refuse : DuplicatePolicy.CreateAnyway(createAnywayReason), Viewer.System, cancellationToken);

    public static Task<TargetCreation> MergeFromAlertAsync(this TargetWriter writer, IBroker broker, GenericAlert alert, long targetId, CancellationToken cancellationToken) =>
        new AlertTargetActions(writer, NullLogger<AlertTargetActions>.Instance).WriteAsync(broker, alert, DuplicatePolicy.MergeInto(targetId), Viewer.System, cancellationToken);

    /// <summary>The draft a broker makes of one of its rows.</summary>
    public static TargetDraft ToTarget(this IBroker broker, GenericAlert alert) => broker.SubmissionOf(alert).Draft;
}
