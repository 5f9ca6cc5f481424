namespace Sandbox.KubernetesDouble;

/// <summary>
/// One change the store made, kept in its bounded history and handed to every watch: <see cref="Type"/> is ADDED,
/// MODIFIED or DELETED; <see cref="Current"/> is the new state (for DELETED: the last state with the deletion's
/// resourceVersion); <see cref="Previous"/> the state before (watches with selectors need it to see an object stop matching).
/// </summary>
public sealed class StoredChange(string type, StoredObject current, StoredObject? previous)
{
    private byte[]? line;

    /// <summary>ADDED, MODIFIED or DELETED.</summary>
    public string Type { get; } = type;

    /// <summary>The state after the change.</summary>
    public StoredObject Current { get; } = current;

    /// <summary>The state before the change (null for ADDED).</summary>
    public StoredObject? Previous { get; } = previous;

    /// <summary>The resourceVersion of the change.</summary>
    public long Version => Current.Version;

    /// <summary>The watch line of this change, built once and shared by every watch that sends it as is.</summary>
    public byte[] Line => line ??= JsonBytes.WatchLine(Type, Current.Json);
}
