namespace Sandbox.Runtime.Docker;

/// <summary>
/// The names and labels one installation uses on the engine. Everything it creates carries its installation label, and
/// the names of an installation created since installation ids exist carry its id too (containers, data containers,
/// home volumes, sessions' networks and so the fence's chains, which are named after the network stem), so two
/// installations on one engine never share a name either. An upgraded installation
/// (<see cref="InstallationIdentity.AdoptsUnlabelled"/>) keeps the names it always used: its running sandboxes, networks
/// and members' homes stay where they are. Pure.
/// </summary>
internal sealed class DockerNames(DockerRuntimeOptions options, InstallationIdentity installation)
{
    /// <summary>The label keys.</summary>
    public SandboxLabels Labels { get; } = new(options.LabelPrefix);

    /// <summary>The installation these names belong to.</summary>
    public InstallationIdentity Installation => installation;

    /// <summary>Stem of the sessions' networks and name of the fence (its packet filter chains are named after it).</summary>
    public string NetworkStem => Scoped(options.NetworkName, "-");

    /// <summary>Names of session containers start with this, followed by the session id.</summary>
    public string ContainerNamePrefix => Scoped(options.ContainerNamePrefix, "", "-");

    /// <summary>Names of data containers start with this, followed by part of the image id.</summary>
    public string DataContainerNamePrefix => Scoped(options.DataContainerNamePrefix, "", "-");

    /// <summary>The engine's <c>label</c> filter value that finds this installation's things (unlabelled ones of an upgraded installation are found apart).</summary>
    public string InstallationFilter => $"{Labels.Installation}={installation.Id}";

    /// <summary>The session container's name.</summary>
    public string ContainerNameOf(string sessionId) => ContainerNamePrefix + sessionId;

    /// <summary>
    /// The engine volume holding the member's home the core names <paramref name="home"/> (the member id):
    /// <c>sandbox-home-{member}</c>, and <c>-{installation id}</c> after it for an installation made since ids exist, the
    /// names homes had when the core named them, so every member keeps their home.
    /// </summary>
    public string HomeVolumeOf(HomeVolume home) => Scoped(options.HomeVolumeNamePrefix + home.Name, "-");

    /// <summary>
    /// Whether something carrying <paramref name="labels"/> belongs to this installation: its installation label says so,
    /// or it has none and this installation adopts what was made before installation ids existed.
    /// </summary>
    public bool Owns(IDictionary<string, string>? labels)
    {
        if (labels is not null && labels.TryGetValue(Labels.Installation, out var owner))
        {
            return owner == installation.Id;
        }

        return installation.AdoptsUnlabelled;
    }

    /// <summary><paramref name="labels"/> with this installation's label added.</summary>
    public Dictionary<string, string> Mark(Dictionary<string, string> labels)
    {
        labels[Labels.Installation] = installation.Id;
        return labels;
    }

    private string Scoped(string configured, string before, string after = "") =>
        installation.AdoptsUnlabelled ? configured : configured + before + installation.Id + after;
}
