using Docker.DotNet;
using Docker.DotNet.Models;

namespace Sandbox.Runtime.Docker;

/// <summary>
/// Pulls a data image pinned by its manifest digest from its registry (<c>POST /images/create</c>). The engine checks
/// what it fetches against the digest, so nothing else can arrive under that reference. Used by the session start
/// (a dataset whose image the engine lost) and by the loader (the hand-over after a push).
/// </summary>
internal static class DataImagePull
{
    /// <summary>
    /// Pulls <paramref name="reference"/>. Returns null when the engine has it, otherwise what the engine answered (the
    /// registry down, credentials refused, the manifest or a blob gone); callers word the failure for their reader.
    /// </summary>
    public static async Task<string?> TryPullAsync(IDockerClient docker, string reference, RegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        var auth = credentials is null
            ? null
            : new AuthConfig { ServerAddress = credentials.ServerAddress, Username = credentials.Username, Password = credentials.Password };
        var errors = new List<string>();
        try
        {
            await docker.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = reference }, auth, new EngineErrors(errors), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (DockerApiException e)
        {
            errors.Add(DockerSessionRuntime.EngineMessage(e));
        }

        return errors.Count > 0 ? string.Join("; ", errors) : null;
    }
}
