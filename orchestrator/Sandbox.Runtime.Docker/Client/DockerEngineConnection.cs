using Docker.DotNet;
using Docker.DotNet.NativeHttp;
using Docker.DotNet.X509;
using Microsoft.Extensions.Logging;

namespace Sandbox.Runtime.Docker.Client;

/// <summary>
/// The adapter's one connection to the engine (Docker.DotNet): the unix socket by default, or a remote engine over TCP
/// with mutual TLS, speaking the API version negotiated with the engine on first use (see
/// <see cref="ApiVersionNegotiation"/>). A failed negotiation (engine unreachable) is tried again on the next use.
/// </summary>
internal sealed partial class DockerEngineConnection(DockerRuntimeOptions options, ILogger<DockerEngineConnection> logger) : IDisposable
{
    /// <summary>The newest Engine API the client library's models describe (Docker.DotNet.Enhanced 4.4.1: Engine 29).</summary>
    public static readonly Version ClientMaxApiVersion = new(1, 52);

    /// <summary>The oldest Engine API the adapter's requests are written for (Docker Engine 20.10).</summary>
    public static readonly Version ClientMinApiVersion = new(1, 41);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private DockerClient? _client;

    /// <summary>The client, connected and version-pinned; throws <see cref="RuntimeException"/> (<c>engine_unsupported</c>) when no version fits.</summary>
    public async Task<IDockerClient> ClientAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _client) is { } ready)
        {
            return ready;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_client is not null)
            {
                return _client;
            }

            // 1. Ask unversioned: every engine answers /version whatever versions it accepts.
            using var probe = Build(version: null);
            var engine = await probe.System.GetVersionAsync(cancellationToken).ConfigureAwait(false);

            // 2. Pin the newest version both sides know.
            var chosen = ApiVersionNegotiation.Choose(ClientMaxApiVersion, ClientMinApiVersion, engine.APIVersion, engine.MinAPIVersion, out var error)
                ?? throw new RuntimeException("engine_unsupported", $"The Docker engine at {EndpointOf(options)} cannot be used: {error}.");
            Log.Negotiated(logger, EndpointOf(options).ToString(), engine.Version ?? "?", engine.APIVersion ?? "?", chosen.ToString());
            _client = Build(chosen);
            return _client;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _client?.Dispose();
        _gate.Dispose();
    }

    /// <summary>Where the engine is: <see cref="DockerRuntimeOptions.Endpoint"/>, else the unix socket at <see cref="DockerRuntimeOptions.SocketPath"/>.</summary>
    public static Uri EndpointOf(DockerRuntimeOptions options) =>
        string.IsNullOrWhiteSpace(options.Endpoint) ? new Uri("unix://" + options.SocketPath) : new Uri(options.Endpoint);

    private DockerClient Build(Version? version)
    {
        var builder = new DockerClientBuilder()
            .WithEndpoint(EndpointOf(options))
            .WithApiVersion(version)
            .WithTimeout(options.EngineRequestTimeout);
        if (EndpointOf(options).Scheme == "tcp")
        {
            // The validator made sure all three files exist; a remote engine is never reached without them.
            var certificates = new DockerTlsCertificates(
                DockerTlsCertificates.LoadCertificateFromPemFiles(options.TlsCertificatePath!, options.TlsKeyPath!),
                DockerTlsCertificates.LoadCertificateAuthorityFromPemFile(options.TlsCaCertificatePath!));
            builder = builder.WithAuthProvider(certificates.CreateCredentials());
        }
        else
        {
            // The unix socket through .NET's own SocketsHttpHandler: the library's default unix transport cuts long
            // chunked responses short ("the connection closed in the middle of a chunk", seen exporting an image).
            builder = builder.WithTransportOptions(new NativeHttpTransportOptions());
        }

        return builder.Build();
    }

    private static partial class Log
    {
        [LoggerMessage(30, LogLevel.Information, "Docker engine at {Endpoint}: version {EngineVersion}, API {EngineApi}; speaking API {Chosen}")]
        public static partial void Negotiated(ILogger logger, string endpoint, string engineVersion, string engineApi, string chosen);
    }
}
