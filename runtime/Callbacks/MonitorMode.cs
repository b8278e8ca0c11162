namespace Unroll;

/// <summary>Whether a monitored quantity improves by falling or by rising (Keras <c>mode</c>).</summary>
public enum MonitorMode
{
    /// <summary>From the name: <c>loss</c> and error metrics fall, accuracies rise (Keras 3's rule).</summary>
    Auto,

    /// <summary>Improves by falling.</summary>
    Min,

    /// <summary>Improves by rising.</summary>
    Max,
}
