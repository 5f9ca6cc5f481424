using System.Text.Json;
using System.Threading.Channels;
using Sandbox.Orchestrator.Live;
using StackExchange.Redis;

namespace Sandbox.Orchestrator.Replicas;

/// <summary>
/// The live feed of several replicas: every change is published on one Redis channel, and every replica (this one
/// included) reads the channel, in order, and delivers to its own connections. Redis keeps the order of one publisher,
/// and this replica publishes one change at a time, so the changes of one session written here arrive everywhere in
/// the order they were stored. Redis down: publishing fails at once (fail-fast), the change is delivered to this
/// replica's connections only, and when Redis is back every client here is reconnected (<see cref="LiveFeedResumed"/>)
/// to read the full state it may have missed.
/// </summary>
internal sealed partial class RedisLiveChangeFeed(RedisConnection redis, ILogger<RedisLiveChangeFeed> logger) : ILiveChangeFeed, IHostedService, IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>How many changes are sent before their replies are awaited.</summary>
    private const int PipelineDepth = 256;

    private readonly Channel<LiveChange> _outgoing = Channel.CreateUnbounded<LiveChange>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<LiveChange> _incoming = Channel.CreateUnbounded<LiveChange>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private Task? _publishing;
    private bool _fellBack;

    /// <inheritdoc />
    public void Publish(LiveChange change) => _outgoing.Writer.TryWrite(change);

    /// <inheritdoc />
    public IAsyncEnumerable<LiveChange> ReadAllAsync(CancellationToken cancellationToken) => _incoming.Reader.ReadAllAsync(cancellationToken);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var multiplexer = await redis.ConnectAsync();
        var channel = redis.Channel("live");
        try
        {
            var queue = await multiplexer.GetSubscriber().SubscribeAsync(channel);
            queue.OnMessage(message => Receive(message.Message));
        }
        catch (RedisException e)
        {
            // The subscription is made again by the client when Redis is back.
            Log.SubscribeFailed(logger, e);
        }

        redis.Restored += at => _incoming.Writer.TryWrite(new LiveFeedResumed(at));
        _publishing = PublishAllAsync(multiplexer.GetSubscriber(), channel, _stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_publishing is not null)
        {
            await _publishing.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose() => _stopping.Dispose();

    /// <summary>A change as it travels between replicas (JSON, its kind named).</summary>
    internal static string Encode(LiveChange change) => JsonSerializer.Serialize(change, Json);

    /// <summary>A change read back from its travelling form.</summary>
    internal static LiveChange? Decode(string message) => JsonSerializer.Deserialize<LiveChange>(message, Json);

    /// <summary>
    /// Publishes what is queued, in order, pipelined: a change is sent as soon as it is queued, while up to
    /// <see cref="PipelineDepth"/> earlier ones still wait for their replies (one connection keeps their order on the wire,
    /// and Redis its order to subscribers); replies are handled in order. Awaiting each reply before sending the next capped
    /// the feed at one change per round trip: at 3-40 ms to a Redis behind Docker's port proxy on a busy 2-core machine,
    /// 25-300 changes a second, and the hub benchmark fell behind at 100 (docs/benchmarks.md, issue 16). Sending in batches
    /// and awaiting each batch's replies held every change queued meanwhile behind the slowest reply.
    /// </summary>
    private async Task PublishAllAsync(ISubscriber subscriber, RedisChannel channel, CancellationToken cancellationToken)
    {
        var reader = _outgoing.Reader;
        var inFlight = new Queue<(LiveChange Change, Task Reply)>(PipelineDepth);
        Task<bool>? more = null;
        try
        {
            while (true)
            {
                // 1. Send everything queued, as far as the window allows.
                while (inFlight.Count < PipelineDepth && reader.TryRead(out var change))
                {
                    inFlight.Enqueue((change, subscriber.PublishAsync(channel, Encode(change))));
                }

                // 2. Wait for the oldest reply, or (with room in the window) for another change to send.
                more ??= inFlight.Count < PipelineDepth ? reader.WaitToReadAsync(cancellationToken).AsTask() : null;
                if (inFlight.Count == 0)
                {
                    if (!await more!)
                    {
                        return;
                    }

                    more = null;
                    continue;
                }

                await Task.WhenAny(more is null ? [inFlight.Peek().Reply] : [inFlight.Peek().Reply, more]);
                if (more is { IsCompleted: true })
                {
                    var open = await more; // throws once cancelled: shutting down
                    more = null;
                    if (!open)
                    {
                        return;
                    }
                }

                // 3. Handle the replies that came, in order.
                while (inFlight.TryPeek(out var oldest) && oldest.Reply.IsCompleted)
                {
                    inFlight.Dequeue();
                    await ReplyAsync(oldest.Change, oldest.Reply);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    /// <summary>Waits for one publish's reply; a change Redis did not take is delivered on this replica only.</summary>
    private async Task ReplyAsync(LiveChange change, Task reply)
    {
        try
        {
            await reply;
            if (_fellBack)
            {
                _fellBack = false;
                Log.PublishingAgain(logger);
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            if (!_fellBack)
            {
                _fellBack = true;
                Log.PublishFailed(logger, e);
            }

            _incoming.Writer.TryWrite(change);
        }
    }

    private void Receive(RedisValue message)
    {
        try
        {
            if (Decode((string)message!) is { } change)
            {
                _incoming.Writer.TryWrite(change);
            }
        }
        catch (JsonException e)
        {
            Log.Unreadable(logger, e);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Publishing a live change to Redis failed: changes are delivered on this replica only until it is back")]
        public static partial void PublishFailed(ILogger logger, Exception exception);

        [LoggerMessage(2, LogLevel.Information, "Live changes are published to Redis again")]
        public static partial void PublishingAgain(ILogger logger);

        [LoggerMessage(3, LogLevel.Warning, "Subscribing to live changes in Redis failed; the client subscribes again when Redis is back")]
        public static partial void SubscribeFailed(ILogger logger, Exception exception);

        [LoggerMessage(4, LogLevel.Error, "A live change read from Redis could not be read; it is dropped")]
        public static partial void Unreadable(ILogger logger, Exception exception);
    }
}
