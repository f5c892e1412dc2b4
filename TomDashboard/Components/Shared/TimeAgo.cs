using TomDashboard.Astronomy;

namespace TomDashboard.Components.Shared;

/// <summary>How long ago something happened, as the health lines say it: seconds, minutes, hours, then the UTC time.</summary>
public static class TimeAgo
{
    public static string Of(DateTimeOffset? time, DateTimeOffset now)
    {
        if (time is not { } at)
        {
            return "never";
        }

        var age = now - at;
        return age.TotalSeconds < 60 ? $"{Math.Max(0, (int)age.TotalSeconds)} s ago"
            : age.TotalMinutes < 60 ? $"{(int)age.TotalMinutes} min ago"
            : age.TotalHours < 24 ? $"{(int)age.TotalHours} h ago"
            : AstroTime.FormatUtc(at);
    }
}
