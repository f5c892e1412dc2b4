using TomDashboard.Brokers.Forms;

namespace TomDashboard.Components;

/// <summary>How large one message from the browser may be: big enough for the longest form field, in one event.</summary>
public static class CircuitLimits
{
    /// <summary>
    /// Per UTF-16 character: UTF-8 takes up to 3 bytes, and a quote or backslash becomes 4 because the event's value
    /// is JSON inside the hub's JSON message.
    /// </summary>
    public const int BytesPerCharacter = 4;

    /// <summary>The event descriptor and the hub's envelope around the value.</summary>
    public const int EnvelopeBytes = 64 * 1024;

    /// <summary>SignalR's default (32 KB) drops the circuit on a long paste without a word.</summary>
    public const long MaximumReceiveMessageSize = (long)ParameterField.LongestMaxLength * BytesPerCharacter + EnvelopeBytes;
}
