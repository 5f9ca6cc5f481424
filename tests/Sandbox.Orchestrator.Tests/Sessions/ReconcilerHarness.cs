using Microsoft.Extensions.Time.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sandbox.Orchestrator.Tests.Fakes;
using Sandbox.Orchestrator.Catalog;
using Sandbox.Orchestrator.Scheduling;
using Sandbox.Orchestrator.Sessions;
using Sandbox.Orchestrator.Store;
using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Tests.Sessions;

/// <summary>
/// A reconciler over a real SQLite store (a temporary file, migrated), a fake runtime and a fake clock.
/// </summary>
internal sealed class ReconcilerHarness : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sandbox-reconciler-").FullName;
    private readonly ServiceProvider _services;

    public ReconcilerHarness(ISessionRuntime runtime, HttpMessageHandler notebook, ReconcilerOptions? options = null)
    {
        Runtime = runtime;
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(runtime);
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddDbContext<SandboxDbContext>(o => o.UseSqlite($"Data Source={Path.Combine(_dir, "test.db")}"));
        // Probes within a pass wait in real time: keep them short here.
        services.AddSingleton(Options.Create(options ?? new ReconcilerOptions { ReadinessPollInterval = TimeSpan.FromMilliseconds(1), ReadinessProbesPerPass = 3 }));
        services.AddSingleton<IOptionsMonitor<CatalogOptions>>(new StaticOptionsMonitor<CatalogOptions>(Catalog));
        services.AddSingleton<NotebookCatalog>();
        services.AddSingleton<NotebookTokens>();
        services.AddSingleton<NotebookEndpoints>();
        services.AddSingleton<NotebookOutputSignals>();
        services.AddSingleton(sp => new NotebookReadinessProbe(new HttpClient(notebook), new EveryPortListens(), sp.GetRequiredService<IOptions<ReconcilerOptions>>()));
        services.AddSingleton<ReconcileQueue>();
        services.AddSingleton<LeasesHeldElsewhere>();
        services.AddSingleton(Replica);
        services.AddScoped<SessionLeases>();
        services.AddScoped<IScheduledWorkLease, StoreScheduledWorkLease>();
        services.AddSingleton<IReconcileNudges, InProcessReconcileNudges>();
        services.AddSingleton(Options.Create(new StoreOptions())); // SQLite: renewals run in the upkeep's loop
        services.AddSingleton<DedicatedLeaseRenewal>();
        services.AddSingleton<SessionLeaseUpkeep>();
        services.AddMetrics();
        services.AddSingleton<Sandbox.Orchestrator.Telemetry.SandboxMetrics>();
        services.AddScoped<SessionReconciler>();
        services.AddSingleton(sp => new ReconcilerService(
            sp.GetRequiredService<IServiceScopeFactory>(), sp.GetRequiredService<ReconcileQueue>(), runtime,
            new RuntimeChangeWatcher(runtime, sp.GetRequiredService<ReconcileQueue>(), sp.GetRequiredService<LeasesHeldElsewhere>(), sp.GetRequiredService<IOptions<ReconcilerOptions>>(), Clock, NullLogger<RuntimeChangeWatcher>.Instance),
            sp.GetRequiredService<SessionLeaseUpkeep>(), sp.GetRequiredService<IReconcileNudges>(), sp.GetRequiredService<NotebookEndpoints>(),
            sp.GetRequiredService<IOptions<ReconcilerOptions>>(), NullLogger<ReconcilerService>.Instance, sp.GetRequiredService<Sandbox.Orchestrator.Telemetry.SandboxMetrics>()));
        _services = services.BuildServiceProvider();
        using var scope = _services.CreateScope();
        scope.ServiceProvider.GetRequiredService<SandboxDbContext>().Database.Migrate();
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 3, 0, 0, 0, TimeSpan.Zero));

    public ISessionRuntime Runtime { get; }

    /// <summary>The replica this harness's reconciler is (it holds the leases of the sessions it reconciles).</summary>
    public ReplicaIdentity Replica { get; } = new();

    public static CatalogOptions Catalog { get; } = new()
    {
        Profiles = { ["python"] = new ProfileOptions { DisplayName = "Python", Image = "sandbox/python-notebook:1", Command = ["jupyter", "notebook", "--NotebookApp.base_url={baseUrl}", "--port={port}"] } },
        Sizes = { ["small"] = new SizeOptions { Cpu = 1, MemoryGiB = 2, Pids = 256 } },
    };

    public ReconcilerService Service => _services.GetRequiredService<ReconcilerService>();

    /// <summary>Where this replica remembers notebooks to answer (the proxy's fast path reads it).</summary>
    public NotebookEndpoints Endpoints => _services.GetRequiredService<NotebookEndpoints>();

    /// <summary>Stores a new pending session, as the launcher does.</summary>
    public async Task<string> AddSessionAsync(string owner = "m-1", IReadOnlyList<SessionDataset>? datasets = null)
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SandboxDbContext>();
        var tokens = scope.ServiceProvider.GetRequiredService<NotebookTokens>();
        var session = Session.Create(SessionIds.New(), owner, "python", new SessionSize("small", 1, 2, 0), datasets ?? [],
            tokens.NewProtected(), null, null, Clock.GetUtcNow());
        db.Sessions.Add(session);
        await db.SaveChangesAsync();
        return session.Id;
    }

    /// <summary>One reconciler pass, in its own scope as the service runs it.</summary>
    public async Task<ReconcileResult> ReconcileAsync(string id)
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SessionReconciler>().ReconcileAsync(id, CancellationToken.None);
    }

    /// <summary>Passes until the reconciler has nothing urgent left (done, or only the resync later), at most <paramref name="max"/>.</summary>
    public async Task<ReconcileResult> SettleAsync(string id, int max = 20)
    {
        var resync = new ReconcilerOptions().ResyncInterval;
        ReconcileResult result = default;
        for (var i = 0; i < max; i++)
        {
            result = await ReconcileAsync(id);
            if (result.RequeueAfter is null || result.RequeueAfter >= resync)
            {
                return result;
            }

            Clock.Advance(result.RequeueAfter.Value);
        }

        return result;
    }

    public async Task<Session> GetAsync(string id)
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SandboxDbContext>().Sessions.AsNoTracking().SingleAsync(s => s.Id == id);
    }

    /// <summary>Makes another replica hold the session's lease, as if it reconciled it.</summary>
    public async Task HoldElsewhereAsync(string id)
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SandboxDbContext>();
        var elsewhere = new SessionLeases(db, new ReplicaIdentity(), Clock, Options.Create(new ReconcilerOptions()));
        Assert.NotNull(await elsewhere.TryAcquireAsync(id, CancellationToken.None));
    }

    public async Task RequestStopAsync(string id)
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SandboxDbContext>();
        var session = await db.Sessions.SingleAsync(s => s.Id == id);
        session.RequestStop(Clock.GetUtcNow());
        await db.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private sealed class StaticOptionsMonitor<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;

        public T Get(string? name) => value;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }
}
