using System.Globalization;
using System.Threading.Channels;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Sandbox.Runtime.Docker.Client;

namespace Sandbox.Runtime.Docker;

/// <summary>
/// The engine's events stream, narrowed to this installation's session containers and to what changes a session
/// (start, die, oom, destroy), as <see cref="RuntimeChange"/>s. When the stream drops it is opened again with
/// <c>since</c> set to the last event seen, so the engine replays what happened in between (events of that same second
/// may come twice: the reconciler does not mind).
/// </summary>
internal sealed partial class DockerSessionChanges(
    DockerEngineConnection connection, Func<DockerNames> names, TimeSpan reconnectDelay, TimeProvider clock, ILogger logger)
{
    private static readonly string[] Actions = ["start", "die", "oom", "destroy"];

    /// <summary>The changes, until cancelled.</summary>
    public async IAsyncEnumerable<RuntimeChange> WatchAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long? since = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var channel = Channel.CreateUnbounded<Message>(new UnboundedChannelOptions { SingleReader = true });
            var streaming = StreamAsync(channel.Writer, since, cancellationToken);
            await foreach (var message in channel.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                since = message.Time ?? since;
                if (ChangeOf(names(), message) is { } change)
                {
                    yield return change;
                }
            }

            // The stream ended: cancelled (done), or dropped (open it again from the last event seen).
            await streaming.ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested)
            {
                yield break;
            }

            since ??= clock.GetUtcNow().ToUnixTimeSeconds();
            try
            {
                await Task.Delay(reconnectDelay, clock, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }

    /// <summary>The change an engine event means for this installation, or null when it is not one of ours or says nothing new.</summary>
    internal static RuntimeChange? ChangeOf(DockerNames names, Message message)
    {
        var attributes = message.Actor?.Attributes;
        if (message.Type != "container" || attributes is null || !Actions.Contains(message.Action)
            || EngineLabels.Get(attributes, names.Labels.Managed) != "true" || !names.Owns(attributes)
            || EngineLabels.Get(attributes, names.Labels.Session) is not { Length: > 0 } sessionId)
        {
            return null;
        }

        return new RuntimeChange(sessionId, message.Action!);
    }

    private async Task StreamAsync(ChannelWriter<Message> writer, long? since, CancellationToken cancellationToken)
    {
        try
        {
            var docker = await connection.ClientAsync(cancellationToken).ConfigureAwait(false);
            var current = names();
            var labels = current.Installation.AdoptsUnlabelled ? [current.Labels.ManagedFilter] : new[] { current.Labels.ManagedFilter, current.InstallationFilter };
            var filters = EngineFilters.Labels(labels);
            filters["type"] = new Dictionary<string, bool> { ["container"] = true };
            filters["event"] = Actions.ToDictionary(a => a, _ => true);
            await docker.System.MonitorEventsAsync(
                new ContainerEventsParameters { Filters = filters, Since = since?.ToString(CultureInfo.InvariantCulture) },
                new ChannelProgress<Message>(writer),
                cancellationToken).ConfigureAwait(false);
            Log.Dropped(logger, "the engine ended the stream");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Done.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.Dropped(logger, e.Message);
        }
        finally
        {
            writer.TryComplete();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(40, LogLevel.Warning, "The engine's events stream dropped ({Reason}); opening it again from the last event seen")]
        public static partial void Dropped(ILogger logger, string reason);
    }
}
