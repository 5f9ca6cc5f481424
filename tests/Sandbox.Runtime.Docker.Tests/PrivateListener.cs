using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Sandbox.Runtime.Docker.Tests;

/// <summary>
/// A web server on a private address this test creates on this machine: a network namespace joined to the host by a
/// veth pair (<c>10.213.N.1</c> on the host, <c>10.213.N.2</c> inside), serving with busybox httpd. Sandboxes reach it
/// by forwarding, as they would a package mirror elsewhere on a private network. Removed (namespace, veth, server) on dispose.
/// </summary>
internal sealed class PrivateListener : IAsyncDisposable
{
    public const int Port = 8080;

    public const string Page = "hello from a private address\n";

    private readonly string _namespace;
    private readonly string _directory;
    private Process? _server;

    private PrivateListener(string runId, int subnet)
    {
        _namespace = $"sbx-test-{runId}";
        Address = IPAddress.Parse($"10.213.{subnet}.2");
        HostAddress = IPAddress.Parse($"10.213.{subnet}.1");
        _directory = Path.Combine(Path.GetTempPath(), _namespace);
    }

    public IPAddress Address { get; }

    public IPAddress HostAddress { get; }

    public Uri Url => new($"http://{Address}:{Port}/");

    public static async Task<PrivateListener> StartAsync(string runId)
    {
        // A /30 of its own per run (from the run id), so parallel runs of other worktrees do not collide.
        var listener = new PrivateListener(runId, Convert.ToInt32(runId[..2], 16));
        await listener.SetUpAsync();
        return listener;
    }

    private async Task SetUpAsync()
    {
        var hostSide = "sbxh" + _namespace[^10..];
        var inside = "sbxn" + _namespace[^10..];
        Directory.CreateDirectory(_directory);
        await File.WriteAllTextAsync(Path.Combine(_directory, "index.html"), Page);

        await RunAsync("ip", "netns", "add", _namespace);
        await RunAsync("ip", "link", "add", hostSide, "type", "veth", "peer", "name", inside);
        await RunAsync("ip", "link", "set", inside, "netns", _namespace);
        await RunAsync("ip", "addr", "add", $"{HostAddress}/30", "dev", hostSide);
        await RunAsync("ip", "link", "set", hostSide, "up");
        await RunAsync("ip", "netns", "exec", _namespace, "ip", "addr", "add", $"{Address}/30", "dev", inside);
        await RunAsync("ip", "netns", "exec", _namespace, "ip", "link", "set", inside, "up");
        await RunAsync("ip", "netns", "exec", _namespace, "ip", "link", "set", "lo", "up");

        var start = new ProcessStartInfo("ip") { UseShellExecute = false };
        foreach (var argument in new[] { "netns", "exec", _namespace, DockerEngineFixture.BusyboxPath, "httpd", "-f", "-p", $"{Address}:{Port}", "-h", _directory })
        {
            start.ArgumentList.Add(argument);
        }

        _server = Process.Start(start) ?? throw new InvalidOperationException("busybox httpd did not start");

        // Ready when the host itself gets the page (the host's own connection is not the sandboxes' concern).
        var deadline = DateTime.UtcNow.AddSeconds(10);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (true)
        {
            try
            {
                Assert.Equal(Page, await http.GetStringAsync(Url));
                return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !_server.HasExited)
            {
                await Task.Delay(50); // retry interval until the listener answers (or its process exits, or the deadline)
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill();
            await _server.WaitForExitAsync();
        }

        _server?.Dispose();

        // Deleting the namespace deletes the veth pair with it.
        await RunAsync("ip", "netns", "del", _namespace);
        Directory.Delete(_directory, recursive: true);
    }

    private static async Task RunAsync(params string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in command[1..])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', command)} failed: {error}");
        }
    }
}
