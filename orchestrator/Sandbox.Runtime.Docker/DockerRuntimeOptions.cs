namespace Sandbox.Runtime.Docker;

/// <summary>How the Docker adapter reaches the engine and names what it creates. Bound at start and validated.</summary>
public sealed class DockerRuntimeOptions
{
    /// <summary>Path of the engine's unix socket, used when <see cref="Endpoint"/> is not set. Default <c>/var/run/docker.sock</c>.</summary>
    public string SocketPath { get; set; } = "/var/run/docker.sock";

    /// <summary>
    /// Where the engine listens: <c>unix:///path/to/docker.sock</c>, or <c>tcp://host:port</c> for a remote engine, which
    /// requires TLS with a client certificate (<see cref="TlsCaCertificatePath"/>, <see cref="TlsCertificatePath"/>,
    /// <see cref="TlsKeyPath"/>): an engine's API is root on its host. Default unset: the unix socket at <see cref="SocketPath"/>.
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary>PEM file of the certificate authority that signed a remote engine's certificate (its <c>ca.pem</c>). Default unset.</summary>
    public string? TlsCaCertificatePath { get; set; }

    /// <summary>PEM file of this orchestrator's client certificate for a remote engine (its <c>cert.pem</c>). Default unset.</summary>
    public string? TlsCertificatePath { get; set; }

    /// <summary>PEM file of the client certificate's private key (its <c>key.pem</c>). Default unset.</summary>
    public string? TlsKeyPath { get; set; }

    /// <summary>
    /// Stem of the sessions' bridge networks and the name of this installation's fence. Each sandbox is attached to
    /// one network only, by egress policy: <c>{name}-none</c> (internal: no route out), <c>{name}-internet</c>, and
    /// <c>{name}-{none|internet}-{digest}</c> for a policy with an allow-list; each is created when first needed,
    /// with inter-container traffic disabled, and fenced by packet filter chains named after this name (two
    /// installations on one host need different names). Default <c>sandbox-sessions</c>.
    /// </summary>
    public string NetworkName { get; set; } = "sandbox-sessions";

    /// <summary>Prefix of session container names, followed by the session id. Default <c>sandbox-s-</c>.</summary>
    public string ContainerNamePrefix { get; set; } = "sandbox-s-";

    /// <summary>
    /// Prefix of the data containers that hold dataset images' volumes, followed by part of the image id.
    /// Default <c>sandbox-data-</c>.
    /// </summary>
    public string DataContainerNamePrefix { get; set; } = "sandbox-data-";

    /// <summary>
    /// Prefix of the volumes holding members' homes, followed by the member id (and the installation id). Default
    /// <c>sandbox-home-</c>, the names homes always had.
    /// </summary>
    public string HomeVolumeNamePrefix { get; set; } = "sandbox-home-";

    /// <summary>
    /// Prefix of every label the adapter sets and looks for (<c>managed</c>, <c>session</c>, <c>member</c>,
    /// <c>data</c>, <c>data-image</c>). Default <c>org.sandbox.</c>.
    /// </summary>
    public string LabelPrefix { get; set; } = "org.sandbox.";

    /// <summary>
    /// How long a stopping sandbox gets between SIGTERM and SIGKILL, rounded up to whole seconds.
    /// Default 5 seconds.
    /// </summary>
    public TimeSpan StopGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Upper bound of one ordinary engine request (a stop adds <see cref="StopGracePeriod"/>; builds have none).
    /// Default 30 seconds.
    /// </summary>
    public TimeSpan EngineRequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Size of the tmpfs mounted on <c>/tmp</c> (the root file system is read-only), in MiB; it counts against
    /// the sandbox's memory. Default 256 MiB.
    /// </summary>
    public int TmpSizeMiB { get; set; } = 256;

    /// <summary>
    /// The numeric <c>uid:gid</c> every sandbox process runs as. Default <c>1000:1000</c>, the notebook
    /// images' unprivileged user.
    /// </summary>
    public string User { get; set; } = "1000:1000";

    /// <summary>
    /// Largest size of a sandbox's log file (the engine's <c>json-file</c> driver) before it is rotated, in MiB.
    /// Default 10 MiB.
    /// </summary>
    public int LogMaxSizeMiB { get; set; } = 10;

    /// <summary>How many log files (the current one and rotated ones) the engine keeps per sandbox. Default 3.</summary>
    public int LogMaxFiles { get; set; } = 3;
}
