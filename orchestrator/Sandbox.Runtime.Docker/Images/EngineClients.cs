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
                var version = await EngineApiVersion.NegotiateAsync(socketPath, NewestSupported, cancellationToken).ConfigureAwait(false);
                _client = new DockerClientBuilder().WithEndpoint(new Uri("unix://" + socketPath)).WithApiVersion(version).Build();
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
        _gate.Dispose();
    }
}
