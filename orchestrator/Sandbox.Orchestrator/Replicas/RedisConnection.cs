using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Sandbox.Orchestrator.Replicas;

/// <summary>
/// This replica's connection to Redis, when one is configured. It never stops the orchestrator: it connects in the
/// background, logs a warning when Redis goes away and reconnects by itself (StackExchange.Redis retries), and says
/// when it is back (<see cref="Restored"/>) so that what may have been missed meanwhile is caught up.
/// </summary>
internal sealed partial class RedisConnection(IOptions<RedisOptions> options, ILogger<RedisConnection> logger) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private Task<ConnectionMultiplexer>? _connecting;

    /// <summary>This process's id among the replicas (messages it published come back to it from Redis).</summary>
    public string ReplicaId { get; } = Guid.NewGuid().ToString("N")[..12];

    /// <summary>Whether Redis is configured at all.</summary>
    public bool IsConfigured => options.Value.IsConfigured;

    /// <summary>Raised (on a Redis thread) when the connection came back after being lost, with when (a <see cref="System.Diagnostics.Stopwatch"/> timestamp taken before it is logged).</summary>
    public event Action<long>? Restored;

    /// <summary>The connection, made on first use; it exists (and retries) even while Redis is down.</summary>
    public Task<ConnectionMultiplexer> ConnectAsync()
    {
        lock (_gate)
        {
            return _connecting ??= OpenAsync();
        }
    }

    /// <summary>A channel of this installation.</summary>
    public RedisChannel Channel(string name) => RedisChannel.Literal($"{options.Value.Prefix}:{name}");

    /// <summary>A key of this installation.</summary>
    public RedisKey Key(string name) => $"{options.Value.Prefix}:{name}";

    private async Task<ConnectionMultiplexer> OpenAsync()
    {
        var configuration = ConfigurationOptions.Parse(options.Value.Configuration ?? throw new InvalidOperationException("Redis is not configured."));
        configuration.AbortOnConnectFail = false; // start and serve while Redis is down; reconnect when it is back
        configuration.BacklogPolicy = BacklogPolicy.FailFast; // while it is down, fail at once (and fall back) rather than queue
        // Try again every 0.5 s growing to 5 s at most (the library's default grows from the connect timeout to 10 s and
        // more): once Redis is back, the fast path is back within seconds; the store's re-check covers the gap meanwhile.
        configuration.ReconnectRetryPolicy = new ExponentialRetry(500, 5000);
        configuration.ClientName = $"sandbox-{ReplicaId}";
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration);
        multiplexer.ConnectionFailed += (_, e) => Log.Lost(logger, e.EndPoint?.ToString() ?? "?", e.FailureType.ToString(), e.ConnectionType.ToString());
        multiplexer.ConnectionRestored += (_, e) =>
        {
            var at = System.Diagnostics.Stopwatch.GetTimestamp();
            Log.Back(logger, e.EndPoint?.ToString() ?? "?", e.ConnectionType.ToString());
            if (e.ConnectionType == ConnectionType.Subscription)
            {
                Restored?.Invoke(at);
            }
        };
        if (!multiplexer.IsConnected)
        {
            Log.NotYet(logger);
        }

        return multiplexer;
    }

    public async ValueTask DisposeAsync()
    {
        Task<ConnectionMultiplexer>? connecting;
        lock (_gate)
        {
            connecting = _connecting;
        }

        if (connecting is { IsCompletedSuccessfully: true })
        {
            await connecting.Result.DisposeAsync();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Redis at {EndPoint} is unreachable ({Failure}, {Connection}): this replica falls back to the store's re-checks until it is back")]
        public static partial void Lost(ILogger logger, string endPoint, string failure, string connection);

        [LoggerMessage(2, LogLevel.Information, "Redis at {EndPoint} is reachable again ({Connection})")]
        public static partial void Back(ILogger logger, string endPoint, string connection);

        [LoggerMessage(3, LogLevel.Warning, "Redis is not reachable yet: this replica serves on its own and keeps trying")]
        public static partial void NotYet(ILogger logger);
    }
}
