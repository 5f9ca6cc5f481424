using System.Text.Json;
using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Sessions;
using StackExchange.Redis;

namespace Sandbox.Orchestrator.Replicas;

/// <summary>
/// Carries replica commands out here and, when Redis is configured, on every other replica through one pub/sub
/// channel (each message names its sender, which skips its own). Redis down: the command is carried out here, a
/// warning is logged, and the other replicas catch up at their next re-check of the store. Also turns what this
/// replica notices by itself into commands: a forgotten notebook endpoint (a session ended) and a security stamp
/// found changed at a re-read.
/// </summary>
internal sealed partial class ReplicaCommands(
    ReplicaCommandHandler handler, RedisConnection redis, NotebookEndpoints endpoints, SecurityStamps stamps, ILogger<ReplicaCommands> logger)
    : IReplicaCommands, IHostedService, IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly CancellationTokenSource _stopping = new();

    /// <inheritdoc />
    public async Task SendAsync(ReplicaCommand command, CancellationToken cancellationToken)
    {
        await handler.HandleAsync(command, cancellationToken);
        await PublishAsync(command);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        endpoints.Forgotten += sessionId => _ = PublishAsync(new SessionEnded(sessionId));
        stamps.Changed += memberId => _ = RunAsync(new CredentialsChanged(memberId));
        if (!redis.IsConfigured)
        {
            return;
        }

        var multiplexer = await redis.ConnectAsync();
        try
        {
            var queue = await multiplexer.GetSubscriber().SubscribeAsync(redis.Channel("commands"));
            queue.OnMessage(message => ReceiveAsync(message.Message));
        }
        catch (RedisException e)
        {
            // The client subscribes again when Redis is back.
            Log.SubscribeFailed(logger, e);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => _stopping.CancelAsync();

    public void Dispose() => _stopping.Dispose();

    private async Task PublishAsync(ReplicaCommand command)
    {
        if (!redis.IsConfigured)
        {
            return;
        }

        try
        {
            var multiplexer = await redis.ConnectAsync();
            var message = JsonSerializer.Serialize(new Envelope(redis.ReplicaId, command), Json);
            await multiplexer.GetSubscriber().PublishAsync(redis.Channel("commands"), message);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Log.PublishFailed(logger, e, command.GetType().Name);
        }
    }

    private async Task ReceiveAsync(RedisValue message)
    {
        Envelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<Envelope>((string)message!, Json);
        }
        catch (JsonException e)
        {
            Log.Unreadable(logger, e);
            return;
        }

        if (envelope is not null && envelope.From != redis.ReplicaId)
        {
            await RunAsync(envelope.Command);
        }
    }

    private async Task RunAsync(ReplicaCommand command)
    {
        try
        {
            await handler.HandleAsync(command, _stopping.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.HandleFailed(logger, e, command.GetType().Name);
        }
    }

    /// <summary>A command as it travels: who sent it, and what.</summary>
    private sealed record Envelope(string From, ReplicaCommand Command);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Publishing {Command} to the other replicas failed (Redis unreachable): they catch up at their next re-check of the store")]
        public static partial void PublishFailed(ILogger logger, Exception exception, string command);

        [LoggerMessage(2, LogLevel.Warning, "Subscribing to replica commands in Redis failed; the client subscribes again when Redis is back")]
        public static partial void SubscribeFailed(ILogger logger, Exception exception);

        [LoggerMessage(3, LogLevel.Error, "A replica command read from Redis could not be read; it is dropped")]
        public static partial void Unreadable(ILogger logger, Exception exception);

        [LoggerMessage(4, LogLevel.Error, "Carrying out {Command} failed; the next re-check of the store catches up")]
        public static partial void HandleFailed(ILogger logger, Exception exception, string command);
    }
}
