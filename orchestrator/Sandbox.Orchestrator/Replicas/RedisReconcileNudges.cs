using System.Text.Json;
using Sandbox.Orchestrator.Sessions;
using StackExchange.Redis;

namespace Sandbox.Orchestrator.Replicas;

/// <summary>
/// Reconcile nudges between replicas, over one Redis channel (<c>{prefix}:nudges</c>): a nudge reaches this replica's
/// subscribers at once, in the call, and every other replica's as soon as Redis delivers it, so the replica holding the
/// session's lease reconciles it within a moment wherever the change was made. Each message names its sender, which
/// skips its own (it delivered them already). Publishing never waits for Redis and never fails: while Redis is down
/// (one warning, then debug lines) the nudge reaches this replica only, and the holder elsewhere finds the change in the
/// store at its next scan (<see cref="ReconcilerOptions.LeaseScanInterval"/>).
/// </summary>
internal sealed partial class RedisReconcileNudges(RedisConnection redis, ILogger<RedisReconcileNudges> logger) : IReconcileNudges, IHostedService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly InProcessReconcileNudges _here = new();
    private int _down;

    /// <inheritdoc />
    public Task PublishAsync(string sessionId, CancellationToken cancellationToken)
    {
        _ = _here.PublishAsync(sessionId, cancellationToken);
        _ = SendAsync(sessionId);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public IDisposable Subscribe(Action<string> onNudge) => _here.Subscribe(onNudge);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var multiplexer = await redis.ConnectAsync();
        try
        {
            var queue = await multiplexer.GetSubscriber().SubscribeAsync(redis.Channel("nudges"));
            queue.OnMessage(message => Receive(message.Message));
        }
        catch (RedisException e)
        {
            // The client subscribes again when Redis is back; meanwhile the store scan carries the nudges.
            Log.SubscribeFailed(logger, e);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Sends a nudge to the other replicas; returns whether Redis took it (false: Redis is unreachable, logged).</summary>
    internal async Task<bool> SendAsync(string sessionId)
    {
        try
        {
            var multiplexer = await redis.ConnectAsync();
            await multiplexer.GetSubscriber().PublishAsync(redis.Channel("nudges"), JsonSerializer.Serialize(new Nudge(redis.ReplicaId, sessionId), Json));
            if (Interlocked.Exchange(ref _down, 0) == 1)
            {
                Log.PublishingAgain(logger);
            }

            return true;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            if (Interlocked.Exchange(ref _down, 1) == 0)
            {
                Log.PublishFailed(logger, e);
            }
            else
            {
                Log.StillDown(logger, sessionId);
            }

            return false;
        }
    }

    private void Receive(RedisValue message)
    {
        Nudge? nudge;
        try
        {
            nudge = JsonSerializer.Deserialize<Nudge>((string)message!, Json);
        }
        catch (JsonException e)
        {
            Log.Unreadable(logger, e);
            return;
        }

        if (nudge is { Session: { Length: > 0 } session } && nudge.From != redis.ReplicaId)
        {
            _ = _here.PublishAsync(session, CancellationToken.None);
        }
    }

    /// <summary>A nudge as it travels: which replica sent it, for which session.</summary>
    private sealed record Nudge(string From, string Session);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Publishing a reconcile nudge to Redis failed: other replicas find changes in the store at their next scan until it is back")]
        public static partial void PublishFailed(ILogger logger, Exception exception);

        [LoggerMessage(2, LogLevel.Information, "Reconcile nudges are published to Redis again")]
        public static partial void PublishingAgain(ILogger logger);

        [LoggerMessage(3, LogLevel.Debug, "Redis still unreachable: the nudge for session {SessionId} reaches this replica only")]
        public static partial void StillDown(ILogger logger, string sessionId);

        [LoggerMessage(4, LogLevel.Warning, "Subscribing to reconcile nudges in Redis failed; the client subscribes again when Redis is back")]
        public static partial void SubscribeFailed(ILogger logger, Exception exception);

        [LoggerMessage(5, LogLevel.Error, "A reconcile nudge read from Redis could not be read; it is dropped")]
        public static partial void Unreadable(ILogger logger, Exception exception);
    }
}
