using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Sandbox.KubernetesDouble.Node;

/// <summary>Makes an image present on the engine as <c>imagePullPolicy</c> says, pulling with the node's registry credentials.</summary>
internal sealed class ImagePuller(IDockerClient docker, DockerNodeOptions options)
{
    /// <summary>Whether the engine has <paramref name="image"/>.</summary>
    public async Task<bool> PresentAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            await docker.Images.InspectImageAsync(image, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>
    /// Whether <paramref name="policy"/> asks for a pull: <c>Always</c>, or <c>IfNotPresent</c> (the default, and
    /// <c>Always</c> for <c>:latest</c> or untagged images, as the API server defaults it) when the image is missing.
    /// </summary>
    public async Task<bool> NeedsPullAsync(string image, string? policy, CancellationToken cancellationToken)
    {
        policy ??= IsLatest(image) ? "Always" : "IfNotPresent";
        return policy switch
        {
            "Always" => true,
            "Never" => false,
            _ => !await PresentAsync(image, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>Pulls <paramref name="image"/>; returns null when it arrived, else what went wrong.</summary>
    public async Task<string?> PullAsync(string image, CancellationToken cancellationToken)
    {
        var host = RegistryOf(image);
        var credential = options.RegistryCredentials.FirstOrDefault(c => string.Equals(c.ServerAddress, host, StringComparison.OrdinalIgnoreCase));
        var auth = credential is null ? null : new AuthConfig { ServerAddress = credential.ServerAddress, Username = credential.Username, Password = credential.Password };
        var errors = new ErrorCollector();
        try
        {
            await docker.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = image }, auth, errors, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException e)
        {
            errors.Report(new JSONMessage { Error = new JSONError { Message = string.IsNullOrWhiteSpace(e.ResponseBody) ? e.Message : e.ResponseBody.Trim() } });
        }

        return errors.Messages.Count > 0 ? string.Join("; ", errors.Messages) : null;
    }

    private static bool IsLatest(string image)
    {
        if (image.Contains('@', StringComparison.Ordinal))
        {
            return false;
        }

        var lastSlash = image.LastIndexOf('/');
        var colon = image.LastIndexOf(':');
        return colon <= lastSlash || image[(colon + 1)..] == "latest";
    }

    private static string RegistryOf(string image)
    {
        var first = image.Split('/')[0];
        return image.Contains('/', StringComparison.Ordinal) && (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost")
            ? first
            : "docker.io";
    }

    /// <summary>Collects the pull's error messages (the engine reports them in the progress stream).</summary>
    private sealed class ErrorCollector : IProgress<JSONMessage>
    {
        private readonly object _gate = new();

        public List<string> Messages { get; } = [];

        public void Report(JSONMessage value)
        {
            var message = value.Error?.Message;
            if (!string.IsNullOrWhiteSpace(message))
            {
                lock (_gate)
                {
                    Messages.Add(message);
                }
            }
        }
    }
}
