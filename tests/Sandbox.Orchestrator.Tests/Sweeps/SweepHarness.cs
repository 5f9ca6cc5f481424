using Microsoft.Extensions.Time.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sandbox.Orchestrator.Datasets;
using Sandbox.Orchestrator.Scheduling;
using Sandbox.Orchestrator.Sessions;
using Sandbox.Orchestrator.Store;
using Sandbox.Orchestrator.Sweeps;
using Sandbox.Orchestrator.Tests.Fakes;
using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Tests.Sweeps;

/// <summary>The sweeps over a real, migrated SQLite store, an in-memory runtime, recording image ports and a fake clock.</summary>
internal sealed class SweepHarness : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sandbox-sweeps-").FullName;
    private readonly ServiceProvider _services;
    private readonly DbContextOptions<SandboxDbContext> _options;

    public SweepHarness()
    {
        Queue = new ReconcileQueue(Clock);
        _options = new DbContextOptionsBuilder<SandboxDbContext>()
            .UseSqlite($"Data Source={Path.Combine(_dir, "s.db")}")
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning)).Options;
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(_options);
        services.AddScoped<SandboxDbContext>();
        services.AddSingleton<ISessionRuntime>(Runtime);
        services.AddSingleton<IDataImageRemover>(Images);
        services.AddSingleton(Queue);
        var nudges = new InProcessReconcileNudges();
        nudges.Subscribe(Queue.Enqueue);
        services.AddSingleton<IReconcileNudges>(nudges);
        services.AddSingleton(Options.Create(new SweepOptions()));
        services.AddScoped<SandboxSweepWork>();
        services.AddScoped<WithdrawnImageSweepWork>();
        _services = services.BuildServiceProvider();
        using var db = new SandboxDbContext(_options);
        db.Database.Migrate();
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));

    public InMemoryRuntime Runtime { get; } = new();

    public RemovalRecordingImages Images { get; } = new();

    public ReconcileQueue Queue { get; }

    /// <summary>Runs one pass of a sweep in its own scope, as the scheduler does.</summary>
    public async Task RunAsync<TWork>()
        where TWork : IScheduledWork
    {
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TWork>().RunAsync(CancellationToken.None);
    }

    /// <summary>Stores a session that became ready now, mounting <paramref name="datasets"/>; stopped at once unless <paramref name="running"/>.</summary>
    public async Task AddSessionAsync(string id, bool running, params SessionDataset[] datasets)
    {
        await using var db = new SandboxDbContext(_options);
        var now = Clock.GetUtcNow();
        var session = Session.Create(id, "m-1", "python", new SessionSize("small", 1, 2, 0), datasets, "token", null, null, now);
        session.BeginProvisioning(now);
        session.MarkReady(now);
        if (!running)
        {
            session.BeginStopping(now);
            session.MarkStopped(now);
        }

        db.Sessions.Add(session);
        await db.SaveChangesAsync();
    }

    /// <summary>Stops a stored session.</summary>
    public async Task StopSessionAsync(string id)
    {
        await using var db = new SandboxDbContext(_options);
        var session = await db.Sessions.SingleAsync(s => s.Id == id);
        session.BeginStopping(Clock.GetUtcNow());
        session.MarkStopped(Clock.GetUtcNow());
        await db.SaveChangesAsync();
    }

    /// <summary>Stores a published dataset version, withdrawn now when <paramref name="withdrawn"/>.</summary>
    public async Task<string> AddVersionAsync(string name, string version, bool withdrawn)
    {
        await using var db = new SandboxDbContext(_options);
        var record = new DatasetVersionRecord
        {
            Name = name, Version = version, Title = name, Status = DatasetStatus.Published, Image = $"sandbox-data/{name}:{version}",
            PublishedBy = "admin", CreatedAt = Clock.GetUtcNow(), PublishedAt = Clock.GetUtcNow(),
            WithdrawnAt = withdrawn ? Clock.GetUtcNow() : null, WithdrawnBy = withdrawn ? "admin" : null,
        };
        db.DatasetVersions.Add(record);
        await db.SaveChangesAsync();
        return record.Image;
    }

    /// <summary>When each version's image was removed, by name and version.</summary>
    public async Task<Dictionary<string, DateTimeOffset?>> ImageRemovedAtAsync()
    {
        await using var db = new SandboxDbContext(_options);
        var rows = await db.DatasetVersions.AsNoTracking().ToListAsync();
        return rows.ToDictionary(r => $"{r.Name}:{r.Version}", r => r.ImageRemovedAt);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
