using Sandbox.Orchestrator.Catalog;
using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Sessions;

/// <summary>Resolves what the runtime must run for a session: pure, from the session, its profile and size, and its token.</summary>
internal static class SessionSpecFactory
{
    /// <summary>
    /// The runtime spec of a session. The member's home is named by the member id (the runtime names its storage after
    /// it); each dataset is referenced by its image and that image's digest; <paramref name="registryCredentials"/> are
    /// what the runtime fetches data images from the registry with.
    /// </summary>
    public static RuntimeSpec Create(Session session, NotebookProfile profile, int pids, string token, RegistryCredentials? registryCredentials = null)
    {
        var baseUrl = $"/s/{session.Id}/";
        var command = profile.Command
            .Select(part => part
                .Replace("{baseUrl}", baseUrl, StringComparison.Ordinal)
                .Replace("{port}", profile.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))
            .ToList();
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["SANDBOX_SESSION_ID"] = session.Id,
            ["SANDBOX_BASE_URL"] = baseUrl,
        };
        var datasets = session.Datasets
            .Select(d => new DatasetMount(d.Name, d.Version, d.Image, $"/data/{d.Name}") { Digest = d.ImageId })
            .ToList();
        return new RuntimeSpec(
            session.Id,
            session.OwnerId,
            profile.Image,
            command,
            environment,
            new ResourceLimits(session.Cpu, session.MemoryGiB, pids, session.Gpu),
            new HomeVolume(session.OwnerId, profile.HomePath),
            datasets,
            profile.Port)
        {
            Egress = profile.Egress,
            Secrets = new Dictionary<string, string>(StringComparer.Ordinal) { ["JUPYTER_TOKEN"] = token },
            RegistryCredentials = registryCredentials,
        };
    }
}
