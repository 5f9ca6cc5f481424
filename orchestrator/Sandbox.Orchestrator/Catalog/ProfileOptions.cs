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

    /// <summary>Sort order in lists (ascending).</summary>
    public int Order { get; set; }
}
