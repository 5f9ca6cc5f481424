using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sandbox.Testing;

/// <summary>
/// A Jupyter kernel reached through the orchestrator's notebook proxy: created over the REST API, driven over the
/// kernel WebSocket with the Jupyter messaging protocol (execute_request, then stream/error output until idle).
/// </summary>
public sealed class JupyterKernel : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly string _session = Guid.NewGuid().ToString("N");

    private JupyterKernel(ClientWebSocket socket, string kernelId)
    {
        _socket = socket;
        KernelId = kernelId;
    }

    public WebSocketState State => _socket.State;

    /// <summary>The kernel's id in its notebook server.</summary>
    public string KernelId { get; }

    /// <summary>Starts a kernel of <paramref name="kernelName"/> (a kernelspec of the notebook image) and connects to it.</summary>
    public static async Task<JupyterKernel> StartAsync(SandboxApi api, Uri baseAddress, string sessionId, string kernelName = "python3")
    {
        var created = await api.Http.PostAsJsonAsync($"/s/{sessionId}/api/kernels", new { name = kernelName });
        created.EnsureSuccessStatusCode();
        var kernelId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        return await ConnectAsync(api, baseAddress, sessionId, kernelId);
    }

    /// <summary>Another connection to a running kernel, as a second browser tab would open.</summary>
    public static async Task<JupyterKernel> ConnectAsync(SandboxApi api, Uri baseAddress, string sessionId, string kernelId)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {api.Token}");
        var uri = new UriBuilder(baseAddress) { Scheme = "ws", Path = $"/s/{sessionId}/api/kernels/{kernelId}/channels" }.Uri;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90)); // generous: a loaded 2-core machine can take long to answer the upgrade
        await socket.ConnectAsync(uri, timeout.Token);
        return new JupyterKernel(socket, kernelId);
    }

    /// <summary>A kernel started and connected at the notebook's own origin, with that origin's cookie (as a browser tab would).</summary>
    public static async Task<JupyterKernel> StartAtOriginAsync(NotebookOriginClient origin)
    {
        using var created = await origin.SendAsync(HttpMethod.Post, $"/s/{origin.SessionId}/api/kernels", JsonContent.Create(new { name = "python3" }));
        created.EnsureSuccessStatusCode();
        var kernelId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Cookie", origin.Cookie);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90)); // generous: a loaded 2-core machine can take long to answer the upgrade
        await socket.ConnectAsync(origin.WebSocketUri($"api/kernels/{kernelId}/channels"), origin.LoopbackInvoker, timeout.Token);
        return new JupyterKernel(socket, kernelId);
    }

    /// <summary>
    /// Asks for the kernel's info on <paramref name="channel"/> (<c>shell</c> or <c>control</c>) and waits for the reply
    /// and for the <c>idle</c> status the kernel publishes on IOPub once it has answered, so the server has handed that
    /// status on too by the time this returns.
    /// </summary>
    public async Task KernelInfoAsync(string channel, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var msgId = await SendAsync("kernel_info_request", channel, new JsonObject(), cancel.Token);
        var replied = false;
        var idle = false;
        while (!(replied && idle))
        {
            var message = await ReceiveAsync(cancel.Token);
            if (message["parent_header"]?["msg_id"]?.GetValue<string>() != msgId)
            {
                continue;
            }

            switch (message["header"]?["msg_type"]?.GetValue<string>())
            {
                case "kernel_info_reply":
                    replied = true;
                    break;
                case "status" when IsIdle(message):
                    idle = true;
                    break;
            }
        }
    }

    /// <summary>Runs code and returns what it printed (stdout and stderr) and the error, if any.</summary>
    public async Task<(string Output, string? Error)> ExecuteAsync(string code, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var msgId = await SendAsync("execute_request", "shell", new JsonObject
        {
            ["code"] = code, ["silent"] = false, ["store_history"] = false, ["user_expressions"] = new JsonObject(),
            ["allow_stdin"] = false, ["stop_on_error"] = true,
        }, cancel.Token);

        var output = new StringBuilder();
        string? error = null;
        var replied = false;
        var idle = false;
        while (!(replied && idle))
        {
            var message = await ReceiveAsync(cancel.Token);
            if (message["parent_header"]?["msg_id"]?.GetValue<string>() != msgId)
            {
                continue;
            }

            switch (message["header"]?["msg_type"]?.GetValue<string>())
            {
                case "stream":
                    output.Append(message["content"]!["text"]!.GetValue<string>());
                    break;
                case "error":
                    error = $"{message["content"]!["ename"]}: {message["content"]!["evalue"]}";
                    break;
                case "execute_reply":
                    replied = true;
                    break;
                case "status" when IsIdle(message):
                    idle = true;
                    break;
            }
        }

        return (output.ToString(), error);
    }

    /// <summary>Sends one message of the Jupyter messaging protocol on a channel and returns its id.</summary>
    private async Task<string> SendAsync(string msgType, string channel, JsonObject content, CancellationToken cancellationToken)
    {
        var msgId = Guid.NewGuid().ToString("N");
        var message = new JsonObject
        {
            ["header"] = new JsonObject
            {
                ["msg_id"] = msgId, ["username"] = "test", ["session"] = _session, ["msg_type"] = msgType, ["version"] = "5.3",
                ["date"] = DateTimeOffset.UtcNow.ToString("O"),
            },
            ["parent_header"] = new JsonObject(),
            ["metadata"] = new JsonObject(),
            ["content"] = content,
            ["channel"] = channel,
            ["buffers"] = new JsonArray(),
        };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, cancellationToken);
        return msgId;
    }

    private static bool IsIdle(JsonNode message) => message["content"]?["execution_state"]?.GetValue<string>() == "idle";

    /// <summary>
    /// Reads until the server closes the socket (a close frame, or the connection dropped) and returns the close status
    /// (<see cref="WebSocketCloseStatus.Empty"/> when dropped); throws <see cref="OperationCanceledException"/> on timeout.
    /// </summary>
    public async Task<WebSocketCloseStatus> WaitForCloseAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, cancel.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return result.CloseStatus ?? WebSocketCloseStatus.Empty;
                }
            }
        }
        catch (WebSocketException)
        {
            return WebSocketCloseStatus.Empty;
        }
    }

    private async Task<JsonNode> ReceiveAsync(CancellationToken cancellationToken)
    {
        using var message = new MemoryStream();
        var buffer = new byte[64 * 1024];
        WebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException($"The kernel socket closed: {result.CloseStatus} {result.CloseStatusDescription}");
            }

            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);

        return JsonNode.Parse(message.ToArray())!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // Already gone.
            }
        }

        _socket.Dispose();
    }
}
