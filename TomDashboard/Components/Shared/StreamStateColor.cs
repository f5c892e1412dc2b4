using MudBlazor;
using TomDashboard.Streams;

namespace TomDashboard.Components.Shared;

/// <summary>A stream state's chip colour, the same on the home page and the streams page.</summary>
public static class StreamStateColor
{
    public static Color Of(StreamState state) => state switch
    {
        StreamState.Connected => Color.Success,
        StreamState.Connecting => Color.Info,
        StreamState.Failing => Color.Warning,
        StreamState.Invalid => Color.Error,
        _ => Color.Default,
    };
}
