namespace Sandbox.Runtime.Docker;

/// <summary>The label keys the adapter writes and filters on, all under the configured prefix.</summary>
internal sealed class SandboxLabels(string prefix)
{
    /// <summary>On session containers, the network and home volumes: Sandbox created it.</summary>
    public string Managed { get; } = prefix + "managed";

    public string Session { get; } = prefix + "session";

    public string Member { get; } = prefix + "member";

    /// <summary>On everything Sandbox creates on the engine: the installation it belongs to (see <see cref="DockerNames"/>).</summary>
    public string Installation { get; } = prefix + "installation";

    /// <summary>On session containers: the port the notebook listens on inside the sandbox.</summary>
    public string NotebookPort { get; } = prefix + "notebook-port";

    /// <summary>On session containers: the network the sandbox is attached to (its address is read there).</summary>
    public string Network { get; } = prefix + "network";

    /// <summary>On sessions' networks: the installation's network name, whose fence covers the network.</summary>
    public string Fence { get; } = prefix + "fence";

    /// <summary>On sessions' networks: <c>none</c> or <c>internet</c>.</summary>
    public string Egress { get; } = prefix + "egress";

    /// <summary>On sessions' networks: the allow-list, comma-separated destinations, absent when empty.</summary>
    public string EgressAllow { get; } = prefix + "egress-allow";

    /// <summary>On data containers only (never started; they hold a dataset image's volume).</summary>
    public string Data { get; } = prefix + "data";

    /// <summary>On data containers: the image reference they were created from.</summary>
    public string DataImage { get; } = prefix + "data-image";

    /// <summary>The engine's <c>label</c> filter for session containers.</summary>
    public string ManagedFilter => Managed + "=true";

    public string DataFilter => Data + "=true";
}
