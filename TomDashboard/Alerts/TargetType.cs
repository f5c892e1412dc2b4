namespace TomDashboard.Alerts;

public enum TargetType
{
    Sidereal,
    NonSidereal,
}
