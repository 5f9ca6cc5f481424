using System.Text.Json;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Audit;
using Sandbox.Orchestrator.Billing;
using Sandbox.Orchestrator.Billing.Invoices;
using Sandbox.Orchestrator.Budget;
using Sandbox.Orchestrator.Culling;
using Sandbox.Orchestrator.Datasets;
using Sandbox.Orchestrator.Installation;
using Sandbox.Orchestrator.NotebookOrigins;
using Sandbox.Orchestrator.Scheduling;
using Sandbox.Orchestrator.Sessions;
using Sandbox.Orchestrator.Sharing;

namespace Sandbox.Orchestrator.Store;

/// <summary>
/// The store. The schema is created by the hand-written, provider-neutral migrations in <c>Store/Migrations</c>
/// (the EF design-time tools are not available here), which run on SQLite and PostgreSQL alike.
/// </summary>
internal sealed class SandboxDbContext(DbContextOptions<SandboxDbContext> options) : IdentityDbContext<SandboxUser>(options), IDataProtectionKeyContext
{
    /// <summary>The data-protection key ring, when it is kept in the store (<see cref="Accounts.KeyRingOptions"/>); its secrets encrypted.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>Sessions.</summary>
    public DbSet<Session> Sessions => Set<Session>();

    /// <summary>Members' tier history.</summary>
    public DbSet<MemberTierPeriod> MemberTiers => Set<MemberTierPeriod>();

    /// <summary>Dataset versions.</summary>
    public DbSet<DatasetVersionRecord> DatasetVersions => Set<DatasetVersionRecord>();

    /// <summary>Who may use each dataset.</summary>
    public DbSet<DatasetAccessRecord> DatasetAccess => Set<DatasetAccessRecord>();

    /// <summary>Rate card versions.</summary>
    public DbSet<RateCardRecord> RateCards => Set<RateCardRecord>();

    /// <summary>Monthly credits.</summary>
    public DbSet<CreditRecord> Credits => Set<CreditRecord>();

    /// <summary>Sessions shared with mentors.</summary>
    public DbSet<SessionShare> SessionShares => Set<SessionShare>();

    /// <summary>The append-only audit log.</summary>
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    /// <summary>Issued versions of monthly invoices.</summary>
    public DbSet<IssuedInvoiceRecord> IssuedInvoices => Set<IssuedInvoiceRecord>();

    /// <summary>Per-member totals of each issued version.</summary>
    public DbSet<IssuedInvoiceMemberRecord> IssuedInvoiceMembers => Set<IssuedInvoiceMemberRecord>();

    /// <summary>Which replica holds each piece of scheduled work.</summary>
    public DbSet<ScheduledWorkLeaseRecord> ScheduledWorkLeases => Set<ScheduledWorkLeaseRecord>();

    /// <summary>Which replica reconciles each live session.</summary>
    public DbSet<SessionLeaseRecord> SessionLeases => Set<SessionLeaseRecord>();

    /// <summary>The last idle and max-age warning sent for each session.</summary>
    public DbSet<SessionWarningRecord> SessionWarnings => Set<SessionWarningRecord>();

    /// <summary>Budget warnings sent, one per member and month.</summary>
    public DbSet<BudgetWarningRecord> BudgetWarnings => Set<BudgetWarningRecord>();

    /// <summary>One-time codes that take a person from the portal to a notebook origin.</summary>
    public DbSet<NotebookHandoffRecord> NotebookHandoffs => Set<NotebookHandoffRecord>();

    /// <summary>This installation's identity: one row.</summary>
    public DbSet<InstallationRecord> Installation => Set<InstallationRecord>();

    /// <inheritdoc />
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Instants are stored as Unix milliseconds on every provider: sortable and comparable in SQL on SQLite too,
        // and exactly the precision billing uses.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UnixMillisecondsConverter>();
    }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<SandboxUser>(user =>
        {
            user.Property(u => u.DisplayName).HasMaxLength(200).IsRequired();
        });

        builder.Entity<MemberTierPeriod>(tier =>
        {
            tier.ToTable("member_tiers");
            tier.HasKey(t => t.Id);
            tier.Property(t => t.MemberId).IsRequired();
            tier.Property(t => t.Tier).IsRequired();
            tier.HasIndex(t => new { t.MemberId, t.From });
        });

        builder.Entity<DatasetVersionRecord>(dataset =>
        {
            dataset.ToTable("dataset_versions");
            dataset.HasKey(d => d.Id);
            dataset.HasIndex(d => new { d.Name, d.Version }).IsUnique();
        });

        builder.Entity<DatasetAccessRecord>(access =>
        {
            access.ToTable("dataset_access");
            access.HasKey(a => a.Name);
        });

        builder.Entity<ScheduledWorkLeaseRecord>(lease =>
        {
            lease.ToTable("scheduled_work_leases");
            lease.HasKey(l => l.Name);
        });

        builder.Entity<SessionLeaseRecord>(lease =>
        {
            lease.ToTable("session_leases");
            lease.HasKey(l => l.SessionId);
            lease.HasIndex(l => l.Holder);
        });

        builder.Entity<SessionWarningRecord>(warning =>
        {
            warning.ToTable("session_warnings");
            warning.HasKey(w => new { w.SessionId, w.Kind });
        });

        builder.Entity<BudgetWarningRecord>(warning =>
        {
            warning.ToTable("budget_warnings");
            warning.HasKey(w => new { w.MemberId, w.Month });
        });

        builder.Entity<NotebookHandoffRecord>(handoff =>
        {
            handoff.ToTable("notebook_handoffs");
            handoff.HasKey(h => h.CodeHash);
            handoff.HasIndex(h => h.ExpiresAt);
        });

        builder.Entity<DataProtectionKey>(key => key.ToTable("data_protection_keys"));

        builder.Entity<InstallationRecord>(installation =>
        {
            installation.ToTable("installation");
            installation.HasKey(i => i.Key);
        });

        builder.Entity<RateCardRecord>(card =>
        {
            card.ToTable("rate_cards");
            card.HasKey(c => c.Id);
            card.HasIndex(c => new { c.Tier, c.EffectiveFrom }).IsUnique();
        });

        builder.Entity<IssuedInvoiceRecord>(issued =>
        {
            issued.ToTable("issued_invoices");
            issued.HasKey(i => i.Id);
            issued.HasIndex(i => new { i.Month, i.Version }).IsUnique();
        });

        builder.Entity<IssuedInvoiceMemberRecord>(member =>
        {
            member.ToTable("issued_invoice_members");
            member.HasKey(m => new { m.Month, m.Version, m.MemberId });
            member.HasIndex(m => new { m.MemberId, m.Month });
        });

        builder.Entity<CreditRecord>(credit =>
        {
            credit.ToTable("credits");
            credit.HasKey(c => c.Id);
            credit.HasIndex(c => c.Month);
        });

        builder.Entity<SessionShare>(share =>
        {
            share.ToTable("session_shares");
            share.HasKey(s => s.Id);
            share.HasIndex(s => new { s.SessionId, s.MemberId });
            share.HasIndex(s => s.MemberId);
        });

        builder.Entity<AuditEvent>(audit =>
        {
            audit.ToTable("audit_events");
            audit.HasKey(a => a.Id);
            audit.HasIndex(a => a.At);
            audit.HasIndex(a => new { a.ActorId, a.At });
        });

        builder.Entity<Session>(session =>
        {
            session.ToTable("sessions");
            session.HasKey(s => s.Id);
            session.Property(s => s.State).HasConversion(s => s.ToName(), s => SessionStateNames.Parse(s));
            session.Property(s => s.Revision).IsConcurrencyToken();
            session.Property(s => s.Datasets).HasConversion(
                v => JsonSerializer.Serialize(v, JsonSerializerOptions.Web),
                v => JsonSerializer.Deserialize<List<SessionDataset>>(v, JsonSerializerOptions.Web) ?? new List<SessionDataset>(),
                new ValueComparer<IReadOnlyList<SessionDataset>>(
                    (a, b) => a != null && b != null && a.SequenceEqual(b),
                    v => v.Aggregate(0, (h, d) => HashCode.Combine(h, d)),
                    v => v.ToList()));
            session.Ignore(s => s.Size);
            session.Ignore(s => s.IsTerminal);
            session.HasIndex(s => new { s.OwnerId, s.IdempotencyKey }).IsUnique();
            session.HasIndex(s => s.State);
        });
    }
}
