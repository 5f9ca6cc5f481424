using Microsoft.Extensions.Time.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Audit;
using Sandbox.Orchestrator.Budget;
using Sandbox.Orchestrator.Catalog;
using Sandbox.Orchestrator.Culling;
using Sandbox.Orchestrator.Live;
using Sandbox.Orchestrator.Scheduling;
using Sandbox.Orchestrator.Sessions;
using Sandbox.Orchestrator.Store;
using Sandbox.Orchestrator.Tests.Budget;
using Sandbox.Orchestrator.Tests.Fakes;
using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Tests.Culling;

/// <summary>
/// Culling and budget enforcement over a real SQLite store (a temporary file, migrated), the real reconciler on an
/// in-memory runtime, scripted notebook activity and spend, recorded notices and a manual clock.
/// </summary>
internal sealed class RunningSessionsHarness : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sandbox-culling-").FullName;
    private readonly ServiceProvider _services;
    private ProxiedUse? _proxiedUse;

    public RunningSessionsHarness(CullingOptions? culling = null)
    {
        Culling = culling ?? new CullingOptions();
        Activity.Default = Clock.GetUtcNow();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<ISessionRuntime>(Runtime);
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddDbContext<SandboxDbContext>(o => o.UseSqlite($"Data Source={Path.Combine(_dir, "test.db")}"));
        services.AddSingleton<IHttpContextAccessor, HttpContextAccessor>();
        services.AddScoped<AuditLog>();
        services.AddSingleton(Options.Create(new ReconcilerOptions { ReadinessPollInterval = TimeSpan.FromMilliseconds(1), ReadinessProbesPerPass = 2 }));
        services.AddSingleton<IOptionsMonitor<CatalogOptions>>(new FixedOptions<CatalogOptions>(new CatalogOptions
        {
            Profiles = { ["python"] = new ProfileOptions { DisplayName = "Python", Image = "sandbox/python-notebook:1", Command = ["jupyter"] } },
            Sizes = { ["small"] = new SizeOptions { Cpu = 1, MemoryGiB = 2, Pids = 256 } },
        }));
        services.AddSingleton<IOptionsMonitor<CullingOptions>>(new FixedOptions<CullingOptions>(Culling));
        services.AddSingleton<NotebookCatalog>();
        services.AddSingleton<NotebookTokens>();
        services.AddSingleton<NotebookEndpoints>();
        services.AddSingleton<NotebookOutputSignals>();
        services.AddSingleton(sp => new NotebookReadinessProbe(new HttpClient(new AnsweringNotebook()), new EveryPortListens(), sp.GetRequiredService<IOptions<ReconcilerOptions>>()));
        services.AddSingleton<ReconcileQueue>();
        services.AddSingleton<ReplicaIdentity>();
        services.AddScoped<SessionLeases>();
        services.AddSingleton<IReconcileNudges>(sp => QueueNudges(sp.GetRequiredService<ReconcileQueue>()));
        services.AddSingleton<LeasesHeldElsewhere>();
        services.AddMetrics();
        services.AddSingleton<Sandbox.Orchestrator.Telemetry.SandboxMetrics>();
        services.AddScoped<SessionReconciler>();
        services.AddScoped<SystemStopRequester>();
        services.AddScoped<RunningNotebookAddress>();
        services.AddSingleton<INotebookActivitySource>(Activity);
        services.AddSingleton(ProxiedUse);
        services.AddSingleton<IMemberNotices>(Notices);
        services.AddSingleton<IMemberSpendSource>(Spend);
        services.AddScoped<CullingWork>();
        services.AddScoped<BudgetEnforcementWork>();
        _services = services.BuildServiceProvider();
        using var scope = _services.CreateScope();
        scope.ServiceProvider.GetRequiredService<SandboxDbContext>().Database.Migrate();
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 3, 0, 0, 0, TimeSpan.Zero));

    public InMemoryRuntime Runtime { get; } = new();

    public CullingOptions Culling { get; }

    public ScriptedNotebookActivity Activity { get; } = new();

    /// <summary>Requests the proxy let through, as the proxy records them.</summary>
    public ProxiedUse ProxiedUse => _proxiedUse ??= new ProxiedUse(Clock);

    public RecordingMemberNotices Notices { get; } = new();

    public ScriptedSpend Spend { get; } = new();

    public ReconcileQueue Queue => _services.GetRequiredService<ReconcileQueue>();

    /// <summary>Stores a session for <paramref name="owner"/> (of <paramref name="tier"/>) and reconciles it until it runs.</summary>
    public async Task<string> AddRunningSessionAsync(string owner = "m-1", string tier = Tiers.Member)
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SandboxDbContext>();
        if (!await db.MemberTiers.AnyAsync(t => t.MemberId == owner))
        {
            db.MemberTiers.Add(new MemberTierPeriod { MemberId = owner, Tier = tier, From = Clock.GetUtcNow() - TimeSpan.FromDays(30) });
        }

        var session = Session.Create(SessionIds.New(), owner, "python", new SessionSize("small", 1, 2, 0), [],
            scope.ServiceProvider.GetRequiredService<NotebookTokens>().NewProtected(), null, null, Clock.GetUtcNow());
        db.Sessions.Add(session);
        await db.SaveChangesAsync();
        await ReconcileAsync(session.Id);
        await ReconcileAsync(session.Id);
        Assert.Equal(SessionState.Running, (await GetAsync(session.Id)).State);
        return session.Id;
    }

    /// <summary>One culling pass, in its own scope as the scheduler runs it.</summary>
    public Task CullAsync() => RunAsync<CullingWork>();

    /// <summary>One budget sweep, in its own scope as the scheduler runs it.</summary>
    public Task SweepBudgetsAsync() => RunAsync<BudgetEnforcementWork>();

    /// <summary>The system asks a session to stop, as culling and budget enforcement do.</summary>
    public async Task<SystemStopOutcome> SystemStopsAsync(string id, string reason)
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SystemStopRequester>().RequestAsync(id, reason, null, CancellationToken.None);
    }

    /// <summary>One reconciler pass over a session.</summary>
    public async Task ReconcileAsync(string id)
    {
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SessionReconciler>().ReconcileAsync(id, CancellationToken.None);
    }

    public async Task<Session> GetAsync(string id)
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SandboxDbContext>().Sessions.AsNoTracking().SingleAsync(s => s.Id == id);
    }

    public async Task<List<AuditEvent>> AuditAsync()
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SandboxDbContext>().AuditEvents.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
    }

    /// <summary>The owner stops a session through the API's path (no reason).</summary>
    public async Task OwnerStopsAsync(string id)
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SandboxDbContext>();
        (await db.Sessions.SingleAsync(s => s.Id == id)).RequestStop(Clock.GetUtcNow());
        await db.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task RunAsync<TWork>()
        where TWork : Sandbox.Orchestrator.Scheduling.IScheduledWork
    {
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TWork>().RunAsync(CancellationToken.None);
    }

    // Nudges land in this harness's queue, where the tests look for them.
    private static InProcessReconcileNudges QueueNudges(ReconcileQueue queue)
    {
        var nudges = new InProcessReconcileNudges();
        nudges.Subscribe(queue.Enqueue);
        return nudges;
    }

    private sealed class FixedOptions<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;

        public T Get(string? name) => value;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }
}
