using MudBlazor;

namespace TomDashboard.Components.Layout;

/// <summary>The one theme, for the main layout and the sign-in pages alike.</summary>
public static class TomTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteDark = new PaletteDark { Primary = "#7e9cff", Secondary = "#ffb74d" },
    };
}
