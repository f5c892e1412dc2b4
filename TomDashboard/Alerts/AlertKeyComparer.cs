namespace TomDashboard.Alerts;

/// <summary>Alerts are the same row when they come from the same source with the same id.</summary>
public sealed class AlertKeyComparer : IEqualityComparer<GenericAlert>
{
    public static readonly AlertKeyComparer Instance = new();

    public bool Equals(GenericAlert? x, GenericAlert? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && x.Id == y.Id && x.Source == y.Source);

    public int GetHashCode(GenericAlert obj) => HashCode.Combine(obj.Id, obj.Source);
}
