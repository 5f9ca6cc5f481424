using Docker.DotNet;
using Docker.DotNet.Models;

namespace Sandbox.Runtime.Docker;

/// <summary>
/// Pulls a data image pinned by its manifest digest from its registry (<c>POST /images/create</c>). The engine checks
/// what it fetches against the digest, so nothing else can arrive under that reference.
/// </summary>
internal static class DataImagePull
{
    /// <summary>
    /// Pulls <paramref name="dataset"/>'s image. Throws <see cref="RuntimeException"/> with reason
    /// <c>dataset_image_unavailable</c>, saying which dataset and what the engine answered, when the registry is down,
    /// refuses the credentials, or no longer holds the manifest or a blob.
    /// </summary>
    public static async Task PullAsync(IDockerClient docker, DatasetMount dataset, RegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        var auth = credentials is null
            ? null
            : new AuthConfig { ServerAddress = credentials.ServerAddress, Username = credentials.Username, Password = credentials.Password };
        var errors = new List<string>();
        try
        {
            await docker.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = dataset.Image }, auth, new ErrorCollector(errors), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (DockerApiException e)
        {
            errors.Add(DockerSessionRuntime.EngineMessage(e));
        }

        if (errors.Count > 0)
        {
            throw new RuntimeException(
                "dataset_image_unavailable",
                $"The image of dataset {dataset.Name} version {dataset.Version} could not be fetched from its registry ({string.Join("; ", errors)}); try again later, or ask an admin to publish the version again.");
        }
    }

    /// <summary>Collects the errors of the pull's progress stream as they come, on the caller's thread.</summary>
    private sealed class ErrorCollector(List<string> errors) : IProgress<JSONMessage>
    {
        public void Report(JSONMessage value)
        {
            if (value.Error is { } error)
            {
                errors.Add(string.IsNullOrEmpty(error.Message) ? "an error without a message" : error.Message);
            }
        }
    }
}
