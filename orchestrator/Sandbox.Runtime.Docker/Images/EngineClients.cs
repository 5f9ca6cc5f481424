using Docker.DotNet;

namespace Sandbox.Runtime.Docker.Images;

/// <summary>
/// One Docker.DotNet client for the engine, made on first use for the API version the engine speaks (see
/// <see cref="EngineApiVersion"/>) and shared from then on.
/// </summary>
internal sealed class EngineClients(string socketPath) : IDisposable
{
    /// <summary>The newest Engine API version this code was written and tested against.</summary>
    private static readonly Version NewestSupported = new(1, 47);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private DockerClient? _client;
    private Version? _version;

    /// <summary>
    /// Plain HTTP to the engine, for streamed responses: an image export read through Docker.DotNet 4.4.1 was cut off
    /// ("the connection closed in the middle of a chunk") while the same request over this client reads whole.
    /// </summary>
    public HttpClient Raw { get; } = new(EngineSocketHandler.Create(socketPath)) { BaseAddress = new Uri("http://engine/"), Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>The negotiated API version as a URL prefix, <c>v1.41/</c>.</summary>
    public async Task<string> VersionPrefixAsync(CancellationToken cancellationToken)
    {
        await GetAsync(cancellationToken).ConfigureAwait(false);
        return $"v{_version!.Major}.{_version.Minor}/";
    }

    public async Task<DockerClient> GetAsync(CancellationToken cancellationToken)
    {
        if (_client is { } made)
        {
            return made;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_client is null)
            {
                _version = await EngineApiVersion.NegotiateAsync(socketPath, NewestSupported, cancellationToken).ConfigureAwait(false);
                _client = new DockerClientBuilder().WithEndpoint(new Uri("unix://" + socketPath)).WithApiVersion(_version).Build();
            }

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
        Raw.Dispose();
        _gate.Dispose();
    }
}
