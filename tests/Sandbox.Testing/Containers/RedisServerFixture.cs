using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Testcontainers.Redis;
using Xunit;

namespace Sandbox.Testing.Containers;

/// <summary>
/// A throwaway Redis 7 for one test class (<c>IClassFixture&lt;RedisServerFixture&gt;</c>), or one collection: a
/// container of <see cref="Image"/> (Debian's redis-server, built by deploy/local/ensure-test-images.sh) started through
/// Testcontainers before the class's first test and removed after its last. Its port on 127.0.0.1 is chosen once and
/// kept, so a test can take Redis away (<see cref="StopAsync"/>: the server is gone, connections are refused;
/// <see cref="PauseAsync"/>: the server hangs, connections stay open and nothing answers) and bring it back
/// (<see cref="StartAgainAsync"/>, <see cref="UnpauseAsync"/>) at the same address, as clients configured with it expect.
/// Nothing is persisted: a stopped Redis comes back empty.
/// </summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    /// <summary>The image, built here from Debian's packages (tests/images/redis).</summary>
    public const string Image = "sandbox-test/redis:7";

    private RedisContainer? _container;

    /// <summary>The port on 127.0.0.1, the same for the fixture's whole life.</summary>
    public int Port { get; private set; }

    /// <summary>The StackExchange.Redis configuration string (<c>127.0.0.1:PORT</c>), as <c>Sandbox__Redis__Configuration</c> takes it.</summary>
    public string ConnectionString => Port == 0
        ? throw new InvalidOperationException("The Redis container has not started.")
        : $"127.0.0.1:{Port}";

    /// <summary>How long the container took from create to answering PING (reported by the fixtures' own tests).</summary>
    public TimeSpan StartTime { get; private set; }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        await TestcontainersOnThisEngine.EnsureAppliedAsync();
        await TestcontainersOnThisEngine.RequireImageAsync(Image);
        var started = Stopwatch.StartNew();
        Port = FreePort();
        _container = new RedisBuilder(Image)
            .WithPortBinding(Port, RedisBuilder.RedisPort)
            .WithLabel(TestContainerLabels.For("redis"))
            .Build();
        await _container.StartAsync();
        StartTime = started.Elapsed;
    }

    /// <summary>Stops the server (SIGTERM, then it exits): open connections close and new ones are refused.</summary>
    public Task StopAsync() => Container.StopAsync();

    /// <summary>Starts the stopped server again on the same port; returns once it answers PING (empty: nothing is saved).</summary>
    public Task StartAgainAsync() => Container.StartAsync();

    /// <summary>Freezes the server's process: connections stay open and nothing is answered (a hung Redis).</summary>
    public Task PauseAsync() => Container.PauseAsync();

    /// <summary>Lets a paused server run again; what it held is still there.</summary>
    public Task UnpauseAsync() => Container.UnpauseAsync();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }

    private RedisContainer Container => _container ?? throw new InvalidOperationException("The Redis container has not started.");

    /// <summary>A port nothing listens on now (the engine binds it a moment later; a clash fails the start loudly).</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
