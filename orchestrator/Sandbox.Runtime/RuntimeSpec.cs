namespace Sandbox.Runtime;

/// <summary>
/// Everything needed to run one session's notebook, fully resolved by the core: the adapter looks nothing up.
/// Nothing in it is specific to Docker or Kubernetes.
/// </summary>
/// <param name="SessionId">The session's id; the adapter names and labels what it creates with it.</param>
/// <param name="MemberId">The owning member's id, carried as a label.</param>
/// <param name="Image">The notebook image reference, present where sandboxes run.</param>
/// <param name="Command">The notebook server's command line (the image's entrypoint stays).</param>
/// <param name="Environment">Plain environment variables (no secrets: adapters may show them, in labels or manifests).</param>
/// <param name="Limits">CPU, memory, process and GPU limits from the session's size.</param>
/// <param name="Home">The member's persistent home, mounted read-write.</param>
/// <param name="Datasets">Curated datasets, each mounted read-only.</param>
/// <param name="NotebookPort">The port the notebook server listens on inside the sandbox.</param>
public sealed record RuntimeSpec(
    string SessionId,
    string MemberId,
    string Image,
    IReadOnlyList<string> Command,
    IReadOnlyDictionary<string, string> Environment,
    ResourceLimits Limits,
    HomeVolume Home,
    IReadOnlyList<DatasetMount> Datasets,
    int NotebookPort)
{
    /// <summary>
    /// Where the sandbox may connect to. Default <see cref="EgressPolicy.None"/>: a spec that says nothing gets
    /// no network access beyond the orchestrator reaching its notebook.
    /// </summary>
    public EgressPolicy Egress { get; init; } = EgressPolicy.None;

    /// <summary>
    /// Values the notebook gets as environment variables but that must stay secret (the Jupyter token): an adapter keeps
    /// them apart from <see cref="Environment"/> where the runtime can (a Kubernetes Secret) and never logs them. Same
    /// names as environment variables; a name in both is refused. Default none.
    /// </summary>
    public IReadOnlyDictionary<string, string> Secrets { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Credentials for the registry that data images pinned by digest are fetched from when the runtime lacks them (a
    /// Kubernetes adapter makes an image pull secret of them); secret like <see cref="Secrets"/>. Default null: anonymous.
    /// </summary>
    public RegistryCredentials? RegistryCredentials { get; init; }
}

/// <summary>Resource limits of a sandbox.</summary>
/// <param name="Cpu">Virtual CPUs, may be fractional.</param>
/// <param name="MemoryGiB">Memory in GiB (1024^3 bytes); swap is not granted beyond it.</param>
/// <param name="Pids">Maximum number of processes and threads.</param>
/// <param name="Gpu">Whole GPUs requested.</param>
public sealed record ResourceLimits(decimal Cpu, decimal MemoryGiB, int Pids, int Gpu);

/// <summary>A member's persistent home: survives the sessions that mount it.</summary>
/// <param name="Name">
/// The home's name, stable per member (the member's id): an adapter derives the name of its storage from it (and from
/// the installation), so the core never names engine things.
/// </param>
/// <param name="MountPath">Where it appears inside the sandbox.</param>
public sealed record HomeVolume(string Name, string MountPath)
{
    /// <summary>
    /// The space the home may take, in GiB, or null for no limit. Storage that cannot be capped (a single host's local
    /// storage) ignores it; a Kubernetes adapter asks its claim for this size. Default null.
    /// </summary>
    public decimal? SizeGiB { get; init; }

    /// <summary>
    /// Whether several sessions of the member may mount the home at once (a member may run several sessions): an adapter
    /// must then give storage that many sandboxes can write together (a Kubernetes ReadWriteMany claim). Default true.
    /// </summary>
    public bool Shared { get; init; } = true;
}

/// <summary>A dataset version published as a data-only image, mounted read-only.</summary>
/// <param name="Name">Dataset name.</param>
/// <param name="Version">Dataset version.</param>
/// <param name="Image">
/// The data image reference: pinned by its manifest digest (<c>host/repository@sha256:...</c>) when it lives in a
/// registry, which the runtime fetches it from when it lacks it; else a name the runtime was given the image under,
/// never fetched from anywhere.
/// </param>
/// <param name="MountPath">Where the files appear inside the sandbox, for example <c>/data/shops</c>.</param>
public sealed record DatasetMount(string Name, string Version, string Image, string MountPath)
{
    /// <summary>
    /// The digest of the image's config (<c>sha256:...</c>), which names its content whatever reference points at it (the
    /// image id of Docker and containerd): the runtime mounts the image only if it is this one, so a reference moved to
    /// other files never mounts them. Null only for sessions created before digests were recorded: the reference alone.
    /// </summary>
    public string? Digest { get; init; }

    /// <summary>Whether <see cref="Image"/> is pinned by a manifest digest, and so may be fetched from its registry.</summary>
    public bool IsPinned => Image.Contains("@sha256:", StringComparison.Ordinal);
}
