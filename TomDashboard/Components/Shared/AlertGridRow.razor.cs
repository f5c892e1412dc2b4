using System.Globalization;
using Microsoft.AspNetCore.Components;
using TomDashboard.Alerts;
using TomDashboard.Astronomy;
using TomDashboard.Targets;

namespace TomDashboard.Components.Shared;

/// <summary>One row of <see cref="AlertGrid"/>, keyed by its alert.</summary>
public sealed partial class AlertGridRow
{
    private RowState _drawn;

    [Parameter, EditorRequired] public required GenericAlert Alert { get; set; }

    /// <summary>The grid that owns the row's actions and state.</summary>
    [Parameter, EditorRequired] public required AlertGrid Grid { get; set; }

    [Parameter] public bool ShowStreamColumns { get; set; }

    [Parameter] public bool Selected { get; set; }

    [Parameter] public bool Pending { get; set; }

    [Parameter] public TargetCreation? Outcome { get; set; }

    [Parameter] public DateTimeOffset? ShownAt { get; set; }

    /// <summary>How often this row has drawn itself: once, unless its own alert or state changed.</summary>
    internal int Renders { get; private set; }

    private RowState State => new(Alert, ShowStreamColumns, Selected, Pending, Outcome, ShownAt);

    // The grid draws every visible row's parameters on each batch; a row whose own state is unchanged sends nothing.
    protected override bool ShouldRender() => !_drawn.SameAs(State);

    private void SelectionChanged(ChangeEventArgs change) => Grid.SelectionChanged(Alert, change.Value is true);

    private readonly record struct RowState(GenericAlert Alert, bool ShowStreamColumns, bool Selected, bool Pending, TargetCreation? Outcome, DateTimeOffset? ShownAt)
    {
        // By reference: a record's value equality would compare every field of the alert.
        public bool SameAs(RowState other) =>
            ReferenceEquals(Alert, other.Alert) && ShowStreamColumns == other.ShowStreamColumns && Selected == other.Selected
            && Pending == other.Pending && ReferenceEquals(Outcome, other.Outcome) && ShownAt == other.ShownAt;
    }
}
