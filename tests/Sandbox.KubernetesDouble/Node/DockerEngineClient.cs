using System.Globalization;
using Docker.DotNet;
using Docker.DotNet.NativeHttp;

namespace Sandbox.KubernetesDouble.Node;

/// <summary>
/// Connects to the Docker engine speaking the newest API version both it and Docker.DotNet know, asked once with an
/// unversioned <c>/version</c> (as the product's Docker adapter does: this machine's Engine 20.10 answers 1.41, and newer
/// engines refuse old pinned versions).
/// </summary>
internal static class DockerEngineClient
{
    /// <summary>The newest Engine API Docker.DotNet.Enhanced 4.4.1's models describe.</summary>
    private static readonly Version LibraryMax = new(1, 52);

    /// <summary>The oldest API the node's requests are written for (Engine 20.10).</summary>
    private static readonly Version NodeMin = new(1, 41);

    public static async Task<DockerClient> ConnectAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        using var probe = Build(endpoint, null);
        var engine = await probe.System.GetVersionAsync(cancellationToken).ConfigureAwait(false);
        if (!Version.TryParse(engine.APIVersion, out var engineVersion))
        {
            throw new InvalidOperationException($"The Docker engine at {endpoint} reported no usable API version ('{engine.APIVersion}').");
        }

        var chosen = engineVersion < LibraryMax ? engineVersion : LibraryMax;
        if (chosen < NodeMin || (Version.TryParse(engine.MinAPIVersion, out var engineMin) && chosen < engineMin))
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The Docker engine at {endpoint} speaks API {engine.APIVersion} (from {engine.MinAPIVersion}); the node needs {NodeMin} to {LibraryMax}."));
        }

        return Build(endpoint, chosen);
    }

    private static DockerClient Build(Uri endpoint, Version? version)
    {
        var builder = new DockerClientBuilder().WithEndpoint(endpoint).WithApiVersion(version);

        // .NET's own handler on the unix socket: the library's default transport cuts long chunked answers short
        // (archives of image volumes).
        return (endpoint.Scheme == "unix" ? builder.WithTransportOptions(new NativeHttpTransportOptions()) : builder).Build();
    }
}
