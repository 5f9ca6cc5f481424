using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using StackExchange.Redis;

namespace Sandbox.Orchestrator.Live;

/// <summary>
/// SignalR's Redis backplane, serving its own connections while Redis is down. The backplane subscribes a Redis channel
/// for every connection (and its user) as the connection opens, and a connection whose subscription failed was closed
/// with an error (1011) after the client's timeout: with Redis down no portal could connect to any replica. Sandbox sends
/// every message to connections the replica holds itself (the live feed carries changes between replicas), which the
/// backplane writes directly without Redis; so a connection opened while Redis is away is kept, with a warning, and only
/// sends addressed to it from another replica would miss it (Sandbox makes none). The backplane itself is a singleton of the
/// container, which disposes it.
/// </summary>
internal sealed partial class RedisOutageTolerantHubLifetimeManager<THub>(RedisHubLifetimeManager<THub> backplane, ILogger<RedisOutageTolerantHubLifetimeManager<THub>> logger)
    : HubLifetimeManager<THub> where THub : Hub
{
    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        try
        {
            await backplane.OnConnectedAsync(connection);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Log.NotSubscribed(logger, connection.ConnectionId, e.Message);
        }
    }

    public override async Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        try
        {
            await backplane.OnDisconnectedAsync(connection);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // Its channels go with the Redis connection's subscriptions; nothing is left to undo here.
            Log.NotUnsubscribed(logger, connection.ConnectionId, e.Message);
        }
    }

    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        backplane.SendAllAsync(methodName, args, cancellationToken);

    public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        backplane.SendAllExceptAsync(methodName, args, excludedConnectionIds, cancellationToken);

    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        backplane.SendConnectionAsync(connectionId, methodName, args, cancellationToken);

    public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        backplane.SendConnectionsAsync(connectionIds, methodName, args, cancellationToken);

    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        backplane.SendGroupAsync(groupName, methodName, args, cancellationToken);

    public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        backplane.SendGroupsAsync(groupNames, methodName, args, cancellationToken);

    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        backplane.SendGroupExceptAsync(groupName, methodName, args, excludedConnectionIds, cancellationToken);

    public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        backplane.SendUserAsync(userId, methodName, args, cancellationToken);

    public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        backplane.SendUsersAsync(userIds, methodName, args, cancellationToken);

    public override Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) =>
        backplane.AddToGroupAsync(connectionId, groupName, cancellationToken);

    public override Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) =>
        backplane.RemoveFromGroupAsync(connectionId, groupName, cancellationToken);

    public override Task<T> InvokeConnectionAsync<T>(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken) =>
        backplane.InvokeConnectionAsync<T>(connectionId, methodName, args, cancellationToken);

    public override Task SetConnectionResultAsync(string connectionId, CompletionMessage result) =>
        backplane.SetConnectionResultAsync(connectionId, result);

    public override bool TryGetReturnType(string invocationId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Type? type) =>
        backplane.TryGetReturnType(invocationId, out type);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Hub connection {ConnectionId} is served without its Redis subscription (Redis is not answering: {Error}); this replica still delivers to it")]
        public static partial void NotSubscribed(ILogger logger, string connectionId, string error);

        [LoggerMessage(2, LogLevel.Debug, "Hub connection {ConnectionId} closed without unsubscribing in Redis ({Error})")]
        public static partial void NotUnsubscribed(ILogger logger, string connectionId, string error);
    }
}
