using System.Text;
using k8s;
using k8s.Autorest;

namespace Sandbox.KubernetesDouble.Tests;

/// <summary>The unreachable-server and refused-writes hooks, the kubeconfig the double writes, and pod logs through <see cref="IPodLogs"/>.</summary>
public sealed class AvailabilityTests : ApiDoubleTestBase
{
    [Fact]
    public async Task Unavailable_answers_503_resets_watches_and_recovers()
    {
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("p1"), Ns);
        var first = new TaskCompletionSource();
        var watching = Task.Run(async () =>
        {
            await foreach (var _ in Client.CoreV1.WatchListNamespacedPodAsync(Ns, cancellationToken: Deadline)) first.TrySetResult();
        });
        await first.Task.WaitAsync(Deadline);

        Server.Unavailable = true;
        var failure = await Record.ExceptionAsync(() => watching.WaitAsync(Deadline));
        Assert.IsNotType<TimeoutException>(failure); // the stream ended (reset) rather than hanging
        var status = await FailsWith(503, () => Client.CoreV1.ReadNamespacedPodAsync("p1", Ns));
        Assert.Equal("ServiceUnavailable", status.Reason);
        await FailsWith(503, () => Client.CoreV1.CreateNamespacedPodAsync(Pod("p2"), Ns));

        Server.Unavailable = false;
        Assert.Equal("p1", (await Client.CoreV1.ReadNamespacedPodAsync("p1", Ns)).Metadata.Name);
        Assert.Single((await Client.CoreV1.ListNamespacedPodAsync(Ns)).Items);
    }

    [Fact]
    public async Task WritesUnavailable_refuses_writes_with_503_and_still_serves_reads_and_the_version()
    {
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("p1"), Ns);

        Server.WritesUnavailable = true;
        await FailsWith(503, () => Client.CoreV1.CreateNamespacedPodAsync(Pod("p2"), Ns));
        await FailsWith(503, () => Client.CoreV1.DeleteNamespacedPodAsync("p1", Ns));
        Assert.Equal("p1", (await Client.CoreV1.ReadNamespacedPodAsync("p1", Ns)).Metadata.Name);
        Assert.Single((await Client.CoreV1.ListNamespacedPodAsync(Ns)).Items);
        Assert.Equal("1", (await Client.Version.GetCodeAsync()).Major);

        Server.WritesUnavailable = false;
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("p2"), Ns);
        Assert.Equal(2, (await Client.CoreV1.ListNamespacedPodAsync(Ns)).Items.Count);
    }

    [Fact]
    public async Task Unavailable_can_be_switched_at_any_moment_while_watches_open_and_end()
    {
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("p1"), Ns);
        using var stop = new CancellationTokenSource();
        var opened = 0;

        // Watchers that open a watch, take its first event and hang up, over and over (a refused or reset one counts too).
        var watchers = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var hangUp = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                try
                {
                    await foreach (var _ in Client.CoreV1.WatchListNamespacedPodAsync(Ns, cancellationToken: hangUp.Token))
                    {
                        Interlocked.Increment(ref opened);
                        break;
                    }
                }
                catch (Exception e) when (e is HttpOperationException or HttpRequestException or IOException or OperationCanceledException)
                {
                    // Refused (503) or reset while unavailable, or hung up: open the next one.
                }
            }
        })).ToList();

        // Switch whenever a stream is open (it may be opening or ending), from two threads, with clean drops now and then,
        // until it happened often enough: no switch may throw.
        var switchedWhileOpen = 0;
        var switchingDeadline = Deadline;
        var flips = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; Volatile.Read(ref switchedWhileOpen) < 200 || Volatile.Read(ref opened) < 20; i++)
            {
                switchingDeadline.ThrowIfCancellationRequested();
                if (Server.OpenWatchCount == 0)
                {
                    await Task.Yield();
                    continue;
                }

                Interlocked.Increment(ref switchedWhileOpen);
                Server.Unavailable = true;
                Server.Unavailable = false;
                if (i % 3 == 0) Server.DropWatches();
            }
        })).ToList();
        var switching = await Record.ExceptionAsync(() => Task.WhenAll(flips));
        await stop.CancelAsync();
        await Task.WhenAll(watchers).WaitAsync(Deadline);

        Assert.Null(switching);
        Assert.True(switchedWhileOpen >= 200 && opened >= 20, $"{switchedWhileOpen} switches with a watch open, {opened} watches opened");

        // The server still serves and watches after it.
        var first = new TaskCompletionSource<string>();
        using var last = CancellationTokenSource.CreateLinkedTokenSource(Deadline);
        var watching = Task.Run(async () =>
        {
            await foreach (var (_, pod) in Client.CoreV1.WatchListNamespacedPodAsync(Ns, cancellationToken: last.Token)) first.TrySetResult(pod.Metadata.Name);
        });
        Assert.Equal("p1", await first.Task.WaitAsync(Deadline));
        await last.CancelAsync();
        await Record.ExceptionAsync(() => watching);
    }

    [Fact]
    public async Task Unavailable_with_resets_fails_calls_at_the_transport_and_recovers()
    {
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("p1"), Ns);
        Server.ResetConnectionsWhileUnavailable = true;
        Server.Unavailable = true;
        await Assert.ThrowsAsync<HttpRequestException>(() => Client.CoreV1.ReadNamespacedPodAsync("p1", Ns));
        Server.Unavailable = false;
        Assert.Equal("p1", (await Client.CoreV1.ReadNamespacedPodAsync("p1", Ns)).Metadata.Name);
    }

    [Fact]
    public async Task The_kubeconfig_it_writes_is_accepted_by_the_client()
    {
        var path = Path.Combine(Path.GetTempPath(), $"kubedouble-{Guid.NewGuid():N}.yaml");
        try
        {
            Server.WriteKubeconfig(path, Ns);
            var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(path);
            Assert.Equal(Ns, config.Namespace);
            using var client = new Kubernetes(config);
            var created = await client.CoreV1.CreateNamespacedSecretAsync(Secret("s1"), config.Namespace);
            Assert.Equal("s1", created.Metadata.Name);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Pod_logs_come_from_the_registered_source()
    {
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("p1"), Ns);
        var waiting = await FailsWith(400, () => Client.CoreV1.ReadNamespacedPodLogAsync("p1", Ns));
        Assert.Contains("waiting to start", waiting.Message, StringComparison.Ordinal);

        var source = new ScriptedLogs();
        Server.PodLogs = source;
        await using var stream = await Client.CoreV1.ReadNamespacedPodLogAsync("p1", Ns, follow: true);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        Assert.Equal("line one", await reader.ReadLineAsync(Deadline));
        source.Writer.TryWrite("line two\n");
        Assert.Equal("line two", await reader.ReadLineAsync(Deadline));
        source.Writer.Complete();
        Assert.Null(await reader.ReadLineAsync(Deadline));
        var request = Assert.Single(source.Requests);
        Assert.Equal(("p1", "notebook", true), (request.Pod, request.Container, request.Follow));
        await FailsWith(404, () => Client.CoreV1.ReadNamespacedPodLogAsync("nope", Ns));
    }

    /// <summary>A log source whose followed stream yields what the test writes, after a first line.</summary>
    private sealed class ScriptedLogs : IPodLogs
    {
        private readonly System.Threading.Channels.Channel<string> lines = System.Threading.Channels.Channel.CreateUnbounded<string>();

        public System.Threading.Channels.ChannelWriter<string> Writer => lines.Writer;

        public List<PodLogRequest> Requests { get; } = [];

        public Task<Stream?> OpenAsync(PodLogRequest request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            lines.Writer.TryWrite("line one\n");
            var pipe = new System.IO.Pipelines.Pipe();
            _ = Task.Run(async () =>
            {
                await foreach (var line in lines.Reader.ReadAllAsync(cancellationToken))
                {
                    await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes(line), cancellationToken);
                }
                await pipe.Writer.CompleteAsync();
            }, cancellationToken);
            return Task.FromResult<Stream?>(pipe.Reader.AsStream());
        }
    }
}
