using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using Sandbox.KubernetesDouble;

namespace Sandbox.Runtime.Kubernetes.Tests.OnApiDouble;

/// <summary>
/// A fresh API-server double per test, a scripted node on its store, and adapters talking to the double over HTTP
/// through KubernetesClient, as in production.
/// </summary>
public abstract class AdapterOnApiDoubleTestBase : IAsyncLifetime
{
    private readonly List<KubernetesSessionRuntime> _runtimes = [];

    private protected KubernetesApiDouble Server { get; } = new();

    private protected ScriptedNode Node { get; private set; } = null!;

    private protected k8s.Kubernetes Client { get; private set; } = null!;

    private protected static string Ns => Specs.Options().Namespace;

    /// <summary>Cancels after 20 s, so a test waiting on a signal that never comes fails instead of hanging.</summary>
    private protected static CancellationToken Deadline => new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token;

    public async Task InitializeAsync()
    {
        await Server.StartAsync();
        Node = new ScriptedNode(Server.Store);
        await Node.Ready;
        Client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = Server.BaseAddress.ToString() });
    }

    public async Task DisposeAsync()
    {
        foreach (var runtime in _runtimes)
        {
            runtime.Dispose();
        }

        Client.Dispose();
        await Node.DisposeAsync();
        await Server.DisposeAsync();
    }

    /// <summary>A new adapter instance (as after an orchestrator restart) for the test installation.</summary>
    private protected KubernetesSessionRuntime Runtime(Action<KubernetesRuntimeOptions>? change = null)
    {
        var installation = new RuntimeInstallation();
        installation.Set(Specs.Installation);
        var runtime = new KubernetesSessionRuntime(Client, Specs.Options(change), installation, TimeProvider.System, NullLogger<KubernetesSessionRuntime>.Instance, watchTimeoutSeconds: 30);
        _runtimes.Add(runtime);
        return runtime;
    }

    private protected int PodCount => Server.Store.List("pods", Ns).Count;

    private protected bool SecretExists(string sessionId) => Server.Store.Get("secrets", Ns, Specs.Names().SecretNameOf(sessionId)) is not null;

    /// <summary>Waits, on the store's own change signals, until <paramref name="condition"/> holds.</summary>
    private protected Task UntilAsync(Func<bool> condition, CancellationToken cancellationToken) => Server.Store.UntilAsync(condition, cancellationToken);

    /// <summary>
    /// Waits until the scripted node has run the pod of <paramref name="sessionId"/> (a start returns once the pod is made;
    /// the node answers it on its own loop, later on a busy machine).
    /// </summary>
    private protected Task UntilPodRunsAsync(string sessionId) => UntilAsync(
        () => Server.Store.Get("pods", Ns, Specs.Names().PodNameOf(sessionId))?["status"]?["phase"]?.GetValue<string>() == "Running", Deadline);

    /// <summary>Waits for the adapter's watch to tell about <paramref name="sessionId"/> while <paramref name="act"/> runs.</summary>
    private protected static async Task<RuntimeChange> ChangeOfAsync(KubernetesSessionRuntime runtime, string sessionId, Func<Task> act, Func<RuntimeChange, bool>? matches = null)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Deadline);

        // Changes reach subscribers once the watch has listed the pods (a start can return before it did).
        await runtime.Pods.Listed.WaitAsync(stop.Token);
        var changes = runtime.WatchAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        var next = changes.MoveNextAsync();
        try
        {
            await act();
            while (await next)
            {
                var change = changes.Current;
                next = changes.MoveNextAsync();
                if (change.SessionId == sessionId && (matches is null || matches(change)))
                {
                    return change;
                }
            }

            throw new InvalidOperationException("The watch ended.");
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await next;
            }
            catch (OperationCanceledException)
            {
            }

            await changes.DisposeAsync();
        }
    }
}
