using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;

namespace Sandbox.IntegrationTests.Live;

/// <summary>
/// One real SignalR client (tests/hub-client/watch.mjs under Node) connected to the orchestrator's hub. Everything it
/// prints is kept in order; tests wait for events and read what arrived.
/// </summary>
internal sealed class HubClient : IAsyncDisposable
{
    private readonly Process _node;
    private readonly List<JsonElement> _events = [];
    private readonly Channel<JsonElement> _arrivals = Channel.CreateUnbounded<JsonElement>();
    private readonly Task _reading;

    private HubClient(Process node)
    {
        _node = node;
        _reading = ReadAsync();
    }

    /// <summary>Every event so far, in arrival order.</summary>
    public IReadOnlyList<JsonElement> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>The arguments of the <paramref name="method"/> messages received so far.</summary>
    public IReadOnlyList<JsonElement> Messages(string method) =>
        Events.Where(e => e.GetProperty("event").GetString() == "message" && e.GetProperty("method").GetString() == method)
            .Select(e => e.GetProperty("arg")).ToList();

    /// <summary>The sessionUpdated messages about one session, in order.</summary>
    public IReadOnlyList<JsonElement> SessionUpdates(string sessionId) =>
        Messages("sessionUpdated").Where(s => s.GetProperty("id").GetString() == sessionId).ToList();

    /// <summary>Starts a client; it connects at once. Set one of token, cookie; origin is sent as a browser page would.</summary>
    public static async Task<HubClient> ConnectAsync(Uri orchestrator, string? token = null, string? cookie = null, string? origin = null)
    {
        await HubClientScripts.EnsureInstalledAsync();
        var start = new ProcessStartInfo("node", [Path.Combine(HubClientScripts.Folder, "watch.mjs"), orchestrator.ToString()])
        {
            WorkingDirectory = HubClientScripts.Folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        SetOrRemove(start, "HUB_TOKEN", token);
        SetOrRemove(start, "HUB_COOKIE", cookie);
        SetOrRemove(start, "HUB_ORIGIN", origin);
        var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        node.ErrorDataReceived += (_, _) => { };
        node.BeginErrorReadLine();
        return new HubClient(node);
    }

    /// <summary>
    /// Waits for an event that matches, looking at every event from index <paramref name="from"/> on (those that already
    /// arrived included: a snapshot may arrive before the client reports it started), and returns it.
    /// </summary>
    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match, TimeSpan timeout, string what, int from = 0)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var events = Events;
                for (var i = from; i < events.Count; i++)
                {
                    if (match(events[i]))
                    {
                        return events[i];
                    }
                }

                from = Math.Max(from, events.Count);
                await _arrivals.Reader.ReadAsync(cancel.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            throw new TimeoutException($"No {what} within {timeout.TotalSeconds:0.#} s. Events so far:\n{string.Join('\n', Events.Select(x => x.GetRawText()))}");
        }
    }

    /// <summary>
    /// Waits until the connection is up and the hub says it hears every change from now on (its <c>subscribed</c>
    /// message, after the snapshot), or fails the test with what happened instead. The handshake alone is not enough:
    /// the server answers it before registering the connection, and a change made in between is not delivered.
    /// </summary>
    public async Task WaitStartedAsync(int from = 0)
    {
        var outcome = await WaitForAsync(e => e.GetProperty("event").GetString() is "started" or "startFailed", TimeSpan.FromSeconds(30), "start", from);
        Assert.True(outcome.GetProperty("event").GetString() == "started", $"The hub refused the connection: {outcome.GetRawText()}");
        await WaitForAsync(e => IsMessage(e, "subscribed"), TimeSpan.FromSeconds(30), "subscribed", from);
    }

    /// <summary>Waits for a sessionUpdated about <paramref name="sessionId"/> in <paramref name="state"/>.</summary>
    public Task<JsonElement> WaitForSessionAsync(string sessionId, string state, TimeSpan timeout, int from = 0) => WaitForAsync(
        e => IsMessage(e, "sessionUpdated") && e.GetProperty("arg").GetProperty("id").GetString() == sessionId
            && e.GetProperty("arg").GetProperty("state").GetString() == state,
        timeout, $"sessionUpdated for {sessionId} in {state}", from);

    public static bool IsMessage(JsonElement e, string method) =>
        e.GetProperty("event").GetString() == "message" && e.GetProperty("method").GetString() == method;

    /// <summary>Sends a command to the script (<c>stop</c>, <c>start</c>).</summary>
    public async Task CommandAsync(string command)
    {
        await _node.StandardInput.WriteLineAsync(command);
        await _node.StandardInput.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_node.HasExited)
        {
            _node.Kill(entireProcessTree: true);
            await _node.WaitForExitAsync();
        }

        await _reading;
        _node.Dispose();
    }

    private async Task ReadAsync()
    {
        while (await _node.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var element = JsonDocument.Parse(line).RootElement.Clone();
            lock (_events)
            {
                _events.Add(element);
            }

            _arrivals.Writer.TryWrite(element);
        }

        _arrivals.Writer.TryComplete();
    }

    private static void SetOrRemove(ProcessStartInfo start, string name, string? value)
    {
        if (value is null)
        {
            start.Environment.Remove(name);
        }
        else
        {
            start.Environment[name] = value;
        }
    }
}
