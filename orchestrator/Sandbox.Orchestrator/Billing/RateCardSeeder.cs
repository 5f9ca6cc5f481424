using Microsoft.EntityFrameworkCore;
using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Store;
using Sandbox.Quotas;

namespace Sandbox.Orchestrator.Billing;

/// <summary>On first start, stores the cooperative's default rate cards (member cpu 30, memory 4, gpu 1,200 KRW an hour; non-members twice that).</summary>
internal sealed class RateCardSeeder(IServiceProvider services, TimeProvider clock) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SandboxDbContext>();
        if (await db.RateCards.AnyAsync(cancellationToken))
        {
            return;
        }

        foreach (var card in QuotaDefaults.RateCards)
        {
            db.RateCards.Add(new RateCardRecord
            {
                Tier = card.Tier == Tier.Member ? Tiers.Member : Tiers.NonMember,
                EffectiveFrom = card.EffectiveFrom,
                EffectiveFromText = card.EffectiveFromText,
                CpuKrwPerHour = card.KrwPerHour.Cpu,
                MemoryGiBKrwPerHour = card.KrwPerHour.MemoryGiB,
                GpuKrwPerHour = card.KrwPerHour.Gpu,
                CreatedBy = "system",
                CreatedAt = clock.GetUtcNow(),
            });
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
