using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sandbox.KubernetesDouble;

/// <summary>
/// A test double of a Kubernetes API server (README.md): Kestrel on 127.0.0.1 with a free port, speaking the API's JSON
/// for pods, secrets, persistent volume claims, events and network policies over <see cref="Store"/>, with hooks that
/// make the failures a real cluster has: dropped watches, a compacted history (410 Expired), an unreachable server.
/// </summary>
public sealed class KubernetesApiDouble : IAsyncDisposable
{
    private readonly ConcurrentDictionary<WatchRegistration, byte> watches = new();
    private WebApplication? app;
    private volatile bool unavailable;

    /// <summary>The objects, their versions and history; also what the double's node works on, in-process.</summary>
    public ClusterStore Store { get; } = new();

    /// <summary>The server's address (<c>http://127.0.0.1:PORT/</c>); set by <see cref="StartAsync"/>.</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Where pod logs come from (the node registers itself); null answers 400 "waiting to start".</summary>
    public IPodLogs? PodLogs { get; set; }

    /// <summary>How often a watch with <c>allowWatchBookmarks=true</c> gets a BOOKMARK (a real server: about a minute).</summary>
    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// "The API server unreachable for a while": while true every request is answered 503 ServiceUnavailable (or its
    /// connection reset, see <see cref="ResetConnectionsWhileUnavailable"/>), and setting it resets the connection of every
    /// open watch stream. Safe to set at any moment, also while watches open and end.
    /// </summary>
    public bool Unavailable
    {
        get => unavailable;
        set
        {
            unavailable = value;
            if (!value) return;
            foreach (var watch in watches.Keys) watch.Drop(resetConnection: true);
        }
    }

    /// <summary>
    /// While <see cref="Unavailable"/> is set: reset every request's connection instead of answering 503 (a server that
    /// is down, rather than one that is overloaded).
    /// </summary>
    public bool ResetConnectionsWhileUnavailable { get; set; }

    /// <summary>
    /// "The server's storage is unavailable" (etcd without quorum): while true every write (POST, PUT, PATCH, DELETE) is
    /// answered 503 ServiceUnavailable, while reads, watches and <c>/version</c> are still served (from the server's cache).
    /// </summary>
    public bool WritesUnavailable { get; set; }

    /// <summary>How many watch streams are open now.</summary>
    public int OpenWatchCount => watches.Count;

    /// <summary>Starts Kestrel on 127.0.0.1 with a port the system picks.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (app is not null) throw new InvalidOperationException("The API double is already started.");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        app = builder.Build();
        var handler = new KubernetesApiHandler(this);
        app.Run(handler.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
    }

    /// <summary>Closes every open watch stream now (cleanly: the client's enumeration ends, as when a real server drops a watch).</summary>
    public void DropWatches()
    {
        foreach (var watch in watches.Keys) watch.Drop(resetConnection: false);
    }

    /// <summary>Forgets the change history: a watch from an older resourceVersion gets 410 Expired.</summary>
    public void CompactHistory() => Store.CompactHistory();

    /// <summary>
    /// Writes a kubeconfig for the double: the server's address, <paramref name="ns"/> as the context's namespace, and a
    /// dummy bearer token (KubernetesClient refuses a user without credentials; the double checks none). Returns the path.
    /// </summary>
    public string WriteKubeconfig(string path, string ns)
    {
        var server = BaseAddress.GetLeftPart(UriPartial.Authority);
        var text = string.Create(CultureInfo.InvariantCulture, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: kubernetes-double
              cluster:
                server: {server}
            users:
            - name: kubernetes-double
              user:
                token: kubernetes-double-token
            contexts:
            - name: kubernetes-double
              context:
                cluster: kubernetes-double
                user: kubernetes-double
                namespace: {ns}
            current-context: kubernetes-double

            """);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Stops the server.</summary>
    public async ValueTask DisposeAsync()
    {
        if (app is null) return;
        DropWatches();
        await app.StopAsync();
        await app.DisposeAsync();
        app = null;
    }

    /// <summary>Registers an open watch stream; <see cref="WatchRegistration.Dropped"/> fires when a hook ends it.</summary>
    internal WatchRegistration OpenWatch(HttpContext context)
    {
        var registration = new WatchRegistration(this, context);
        watches.TryAdd(registration, 0);
        return registration;
    }

    /// <summary>
    /// An open watch stream, unregistered when disposed (by the stream, before its request ends). A hook drops it only
    /// while it is registered, under a lock the disposal takes too: the request's context is then still live, so its
    /// connection can be reset, and the source is never cancelled once disposed. A drop can end the stream on the
    /// dropping thread (cancellation runs continuations inline); the lock is reentrant and the disposal then leaves
    /// the source to the drop.
    /// </summary>
    internal sealed class WatchRegistration(KubernetesApiDouble server, HttpContext context) : IDisposable
    {
        // The connection's own abort, taken while the request is surely live: HttpContext.Abort() threw a
        // NullReferenceException once in CI (the context already recycled, though the stream had not unregistered yet),
        // while the connection's feature outlives its requests.
        private readonly IHttpRequestLifetimeFeature lifetime = context.Features.GetRequiredFeature<IHttpRequestLifetimeFeature>();
        private readonly Lock gate = new();
        private readonly CancellationTokenSource dropped = new();
        private bool ended;
        private bool dropping;

        public CancellationToken Dropped => dropped.Token;

        /// <summary>Ends the stream: cleanly, or by resetting its connection (<paramref name="resetConnection"/>).</summary>
        public void Drop(bool resetConnection)
        {
            lock (gate)
            {
                if (ended || dropping) return;
                dropping = true;
                try
                {
                    // The reset first, while the request is surely still being served; the stream may end right here.
                    if (resetConnection) lifetime.Abort();
                    dropped.Cancel();
                }
                finally
                {
                    dropping = false;
                    if (ended) dropped.Dispose();
                }
            }
        }

        public void Dispose()
        {
            server.watches.TryRemove(this, out _);
            lock (gate)
            {
                if (ended) return;
                ended = true;
                if (!dropping) dropped.Dispose();
            }
        }
    }
}
