namespace Sandbox.Runtime.Docker;

/// <summary>The label keys the adapter writes and filters on, all under the configured prefix.</summary>
internal sealed class SandboxLabels(string prefix)
{
    /// <summary>On session containers, the network and home volumes: Sandbox created it.</summary>
    public string Managed { get; } = prefix + "managed";

    public string Session { get; } = prefix + "session";

    public string Member { get; } = prefix + "member";

    /// <summary>On session containers: the port the notebook listens on inside the sandbox.</summary>
    public string NotebookPort { get; } = prefix + "notebook-port";

    /// <summary>On data containers only (never started; they hold a dataset image's volume).</summary>
    public string Data { get; } = prefix + "data";

    /// <summary>On data containers: the image reference they were created from.</summary>
    public string DataImage { get; } = prefix + "data-image";

    /// <summary>The engine's <c>label</c> filter for session containers.</summary>
    public string ManagedFilter => Managed + "=true";

    public string DataFilter => Data + "=true";
}
