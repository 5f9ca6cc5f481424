using Microsoft.Extensions.Time.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Audit;
using Sandbox.Orchestrator.Billing;
using Sandbox.Orchestrator.Billing.Invoices;
using Sandbox.Orchestrator.Catalog;
using Sandbox.Orchestrator.Sessions;
using Sandbox.Orchestrator.Store;
using Sandbox.Orchestrator.Tests.Fakes;
using Sandbox.Runtime;
using Sandbox.Testing.Containers;

namespace Sandbox.Orchestrator.Tests.Invoices;

/// <summary>
/// The invoice issuer and its scheduled work over a real, migrated store (a temporary SQLite file, or a fresh database on
/// a <see cref="PostgresServerFixture"/>), billing in Asia/Seoul, with a fake clock.
/// </summary>
internal sealed class InvoiceHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly string? _sqliteDir;
    private readonly DbContextOptions<SandboxDbContext> _options;

    private InvoiceHarness(DbContextOptions<SandboxDbContext> options, string? sqliteDir, DateTimeOffset now)
    {
        _options = options;
        _sqliteDir = sqliteDir;
        Clock = new FakeTimeProvider(now);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddHttpContextAccessor();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(options);
        services.AddScoped<SandboxDbContext>();
        services.AddSingleton<IOptionsMonitor<QuotaOptions>>(new FixedOptions<QuotaOptions>(new QuotaOptions { TimeZone = "Asia/Seoul" }));
        services.AddSingleton<IOptionsMonitor<CatalogOptions>>(new FixedOptions<CatalogOptions>(new CatalogOptions()));
        services.AddSingleton<ISessionRuntime>(new InMemoryRuntime());
        services.AddSingleton<NotebookCatalog>();
        services.AddSingleton<QuotaPolicySource>();
        services.AddScoped<AuditLog>();
        services.AddScoped<BillingLedger>();
        services.AddScoped<InvoiceIssuer>();
        services.AddScoped<MonthlyInvoiceWork>();
        _services = services.BuildServiceProvider();
    }

    public FakeTimeProvider Clock { get; }

    public static async Task<InvoiceHarness> SqliteAsync(DateTimeOffset now)
    {
        var dir = Directory.CreateTempSubdirectory("sandbox-invoices-").FullName;
        var harness = new InvoiceHarness(Options(o => o.UseSqlite($"Data Source={Path.Combine(dir, "s.db")};Default Timeout=30")), dir, now);
        await harness.MigrateAsync();
        return harness;
    }

    public static async Task<InvoiceHarness> PostgresAsync(PostgresServerFixture postgres, DateTimeOffset now)
    {
        var connection = postgres.ConnectionStringFor(PostgresServerFixture.NewDatabaseName("sandbox_invoices_"));
        var harness = new InvoiceHarness(Options(o => o.UseNpgsql(connection)), null, now);
        await harness.MigrateAsync();
        return harness;
    }

    /// <summary>A member (tier member since 2026-01-01) and the member rate card of the contract's example (cpu 30, memory 4 KRW/h).</summary>
    public async Task SeedMemberAsync(string memberId)
    {
        await using var db = new SandboxDbContext(_options);
        db.MemberTiers.Add(new MemberTierPeriod { MemberId = memberId, Tier = Tiers.Member, From = Kst(2026, 1, 1) });
        if (!await db.RateCards.AnyAsync())
        {
            db.RateCards.Add(new RateCardRecord
            {
                Tier = Tiers.Member, EffectiveFrom = Kst(2026, 1, 1), EffectiveFromText = "2026-01-01T00:00:00+09:00",
                CpuKrwPerHour = 30, MemoryGiBKrwPerHour = 4, GpuKrwPerHour = 1200, CreatedBy = "test", CreatedAt = Kst(2026, 1, 1),
            });
        }

        await db.SaveChangesAsync();
    }

    /// <summary>A session of 2 cpu and 4 GiB that was billable from <paramref name="ready"/> to <paramref name="ended"/>.</summary>
    public async Task AddUsageAsync(string memberId, DateTimeOffset ready, DateTimeOffset ended)
    {
        await using var db = new SandboxDbContext(_options);
        var session = Session.Create("s" + Guid.NewGuid().ToString("N")[..12], memberId, "python", new SessionSize("small", 2, 4, 0), [], "token", null, null, ready);
        session.BeginProvisioning(ready);
        session.MarkReady(ready);
        session.BeginStopping(ended);
        session.MarkStopped(ended);
        db.Sessions.Add(session);
        await db.SaveChangesAsync();
    }

    /// <summary>Runs one pass of the scheduled work in its own scope, as the scheduler does.</summary>
    public async Task RunWorkAsync()
    {
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<MonthlyInvoiceWork>().RunAsync(CancellationToken.None);
    }

    /// <summary>Calls the issuer in its own scope.</summary>
    public async Task<T> WithIssuerAsync<T>(Func<InvoiceIssuer, Task<T>> call)
    {
        await using var scope = _services.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<InvoiceIssuer>());
    }

    /// <summary>Every stored version, as (month, version, issued by).</summary>
    public async Task<List<(string Month, int Version, string IssuedBy)>> VersionsAsync()
    {
        await using var db = new SandboxDbContext(_options);
        var rows = await db.IssuedInvoices.AsNoTracking().ToListAsync();
        return rows.OrderBy(r => r.Month, StringComparer.Ordinal).ThenBy(r => r.Version).Select(r => (r.Month, r.Version, r.IssuedBy)).ToList();
    }

    /// <summary>The stored JSON of one version.</summary>
    public async Task<string> JsonOfAsync(string month, int version)
    {
        await using var db = new SandboxDbContext(_options);
        return (await db.IssuedInvoices.AsNoTracking().SingleAsync(r => r.Month == month && r.Version == version)).Json;
    }

    /// <summary>Every stored member row.</summary>
    public async Task<List<IssuedInvoiceMemberRecord>> MemberRowsAsync()
    {
        await using var db = new SandboxDbContext(_options);
        return await db.IssuedInvoiceMembers.AsNoTracking().ToListAsync();
    }

    /// <summary>The audit entries of a kind.</summary>
    public async Task<List<AuditEvent>> AuditAsync(string kind)
    {
        await using var db = new SandboxDbContext(_options);
        return await db.AuditEvents.AsNoTracking().Where(a => a.Kind == kind).ToListAsync();
    }

    /// <summary>A local time in Asia/Seoul (UTC+9, no daylight saving).</summary>
    public static DateTimeOffset Kst(int year, int month, int day, int hour = 0, int minute = 0) =>
        new(year, month, day, hour, minute, 0, TimeSpan.FromHours(9));

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (_sqliteDir is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_sqliteDir, recursive: true);
        }
        else
        {
            await using var db = new SandboxDbContext(_options);
            await db.Database.EnsureDeletedAsync();
        }
    }

    private async Task MigrateAsync()
    {
        await using var db = new SandboxDbContext(_options);
        await db.Database.MigrateAsync();
    }

    private static DbContextOptions<SandboxDbContext> Options(Action<DbContextOptionsBuilder<SandboxDbContext>> provider)
    {
        var builder = new DbContextOptionsBuilder<SandboxDbContext>();
        provider(builder);
        return builder.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning)).Options;
    }

    private sealed class FixedOptions<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;

        public T Get(string? name) => value;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }
}
