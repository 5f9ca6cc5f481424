namespace Sandbox.Orchestrator.Catalog;

/// <summary>A notebook profile (section <c>Sandbox:Profiles:{id}</c>).</summary>
internal sealed class ProfileOptions
{
    /// <summary>Name shown to people.</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>Notebook image reference. The profile is offered only while this image exists where sessions run.</summary>
    public string Image { get; set; } = "";

    /// <summary>
    /// The notebook server's command line. <c>{baseUrl}</c> becomes <c>/s/{sessionId}/</c> and <c>{port}</c> the
    /// notebook port. The Jupyter token is passed in the environment (<c>JUPYTER_TOKEN</c>), never on the command line.
    /// </summary>
    public List<string> Command { get; set; } = [];

    /// <summary>Port the notebook listens on inside the sandbox. Default 8888.</summary>
    public int Port { get; set; } = 8888;

    /// <summary>Where the member's persistent home is mounted. Default <c>/home/analyst</c>.</summary>
    public string HomePath { get; set; } = "/home/analyst";

    /// <summary>
    /// Where the profile's notebooks may connect to: <c>none</c> (default: nothing leaves the sandbox) or
    /// <c>internet</c> (public addresses only). The host, link-local and private addresses and other sandboxes are
    /// closed either way, except destinations in <see cref="EgressAllow"/>.
    /// </summary>
    public string Egress { get; set; } = "none";

    /// <summary>
    /// Destinations reachable whatever <see cref="Egress"/> says, for example a package mirror: an IP address or CIDR
    /// range with an optional TCP port (<c>10.2.0.5:3128</c>, <c>10.2.0.0/16</c>, <c>[fd00::5]:443</c>). Addresses
    /// only: host names are refused, since their address could change after the rules are made. Default empty.
    /// </summary>
    public List<string> EgressAllow { get; set; } = [];

    /// <summary>Sort order in lists (ascending).</summary>
    public int Order { get; set; }
}
