using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Sandbox.Orchestrator.Audit;
using Sandbox.Orchestrator.Billing;
using Sandbox.Orchestrator.Catalog;
using Sandbox.Orchestrator.Datasets;
using Sandbox.Orchestrator.Health;
using Sandbox.Orchestrator.Problems;
using Sandbox.Orchestrator.Scheduling;
using Sandbox.Orchestrator.Store;
using Sandbox.Quotas;

namespace Sandbox.Orchestrator.Sessions;

/// <summary>
/// Accepts launch requests: validates the whole request, resolves dataset versions, applies the
/// <c>Idempotency-Key</c>, stores the session as desired state and wakes the reconciler. Creates nothing in the runtime.
/// The session is stored with its lease held by this replica (epoch 1), so the replica that accepted a launch is the one
/// that carries it out; should it die first, the lease runs out and another takes the session over.
/// </summary>
internal sealed class SessionLauncher(
    SandboxDbContext db, NotebookCatalog catalog, DatasetCatalog datasets, NotebookTokens tokens, IReconcileNudges nudges, TimeProvider clock,
    AdmissionGate gate, QuotaLedger quotas, QuotaPolicySource policies, AuditLog audit, ReplicaIdentity replica,
    Microsoft.Extensions.Options.IOptions<ReconcilerOptions> reconciler, RuntimeReachability runtime, Telemetry.SandboxMetrics metrics)
{
    /// <summary>Longest accepted <c>Idempotency-Key</c>.</summary>
    public const int MaxIdempotencyKeyLength = 128;

    /// <summary>Launches a session for <paramref name="ownerId"/>.</summary>
    public async Task<LaunchOutcome> LaunchAsync(string ownerId, CreateSessionRequest request, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var outcome = await AdmitAsync(ownerId, request, idempotencyKey, cancellationToken);
        if (outcome.Status is 403 or 503)
        {
            metrics.AdmissionRefused(outcome.Errors[0].Reason); // quota, entitlement or runtime: not a malformed request
        }

        return outcome;
    }

    private async Task<LaunchOutcome> AdmitAsync(string ownerId, CreateSessionRequest request, string? idempotencyKey, CancellationToken cancellationToken)
    {
        // 1. A retry with the same key gets the session the first request made.
        if (idempotencyKey is { Length: 0 or > MaxIdempotencyKeyLength })
        {
            return LaunchOutcome.Refused(400, new ValidationError("Idempotency-Key", "session.invalid_idempotency_key",
                $"Idempotency-Key must be 1 to {MaxIdempotencyKeyLength} characters."));
        }

        var hash = RequestHash(request);
        if (idempotencyKey is not null && await ReplayAsync(ownerId, idempotencyKey, hash, cancellationToken) is { } replay)
        {
            return replay;
        }

        // 2. Nothing is accepted while the runtime cannot be reached: the analyst is told at once (503, try again) rather
        //    than left with a session that waits for it (one accepted just before an outage is still carried out after).
        if (await runtime.CheckAsync(cancellationToken) is not null)
        {
            return LaunchOutcome.Refused(503, new ValidationError("runtime", ProblemReasons.RuntimeUnavailable, RuntimeUnavailableProblem.Detail));
        }

        // 3. Validate everything, collecting every problem.
        var errors = new List<ValidationError>();
        var profile = string.IsNullOrWhiteSpace(request.Profile) ? null : await catalog.FindAvailableProfileAsync(request.Profile, cancellationToken);
        if (profile is null)
        {
            errors.Add(new("profile", "session.unknown_profile", $"Unknown or unavailable profile '{request.Profile}'."));
        }

        var size = string.IsNullOrWhiteSpace(request.Size) ? null : catalog.FindSize(request.Size);
        if (size is null)
        {
            errors.Add(new("size", "session.unknown_size", $"Unknown size '{request.Size}'."));
        }

        var resolution = await datasets.ResolveForLaunchAsync(ownerId, request.Datasets ?? [], errors, cancellationToken);
        if (errors.Count > 0)
        {
            return LaunchOutcome.Refused(400, [.. errors]);
        }

        // Not being entitled to a dataset is a quota refusal, like a size the member's tier does not allow.
        if (resolution.NotEntitled.Count > 0)
        {
            return LaunchOutcome.Refused(403, [.. resolution.NotEntitled]);
        }

        var mounts = resolution.Mounts;

        // 4. Admission, one launch of this member at a time: seats, sizes, profiles and budget.
        await using var admission = await gate.EnterAsync(ownerId, cancellationToken);
        var now = clock.GetUtcNow();
        var status = await quotas.StatusAsync(ownerId, now, cancellationToken);
        var hourly = QuotaLedger.HourlyPrice(new ResourceAmounts(size!.Cpu, size.MemoryGiB, size.Gpu), status.Tier, now, status.RateCards);
        var decision = QuotaAdmission.Decide(policies.Policies(new Dictionary<string, decimal> { [ownerId] = status.MonthlyBudgetKrw }),
            new AdmissionRequest(ownerId, status.Tier, size.Id, profile!.Id, status.ActiveSessions, status.MonthToDateKrw)
            {
                ReservedCostKrw = status.ReservedKrw + (hourly * (decimal)policies.BudgetReservation.TotalHours),
            });
        if (!decision.IsAdmitted)
        {
            var field = decision.Reason switch
            {
                QuotaRefusalReason.SizeNotAllowed => "size",
                QuotaRefusalReason.ProfileNotAllowed => "profile",
                _ => "quota",
            };
            return LaunchOutcome.Refused(403, new ValidationError(field, decision.ReasonCode!, decision.Message));
        }

        // 5. Store the desired state; the reconciler does the rest.
        var session = Session.Create(SessionIds.New(), ownerId, profile.Id, new SessionSize(size.Id, size.Cpu, size.MemoryGiB, size.Gpu),
            mounts, tokens.NewProtected(), idempotencyKey, hash, now);
        db.Sessions.Add(session);
        var lease = db.SessionLeases.Add(new SessionLeaseRecord { SessionId = session.Id, Holder = replica.Id, Epoch = 1, ExpiresAt = clock.GetUtcNow() + reconciler.Value.LeaseLength });
        audit.Add(AuditKinds.SessionCreated, ownerId, session.Id, new { profile = profile.Id, size = size.Id, datasets = mounts.Select(d => $"{d.Name}@{d.Version}") });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await admission.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException) when (idempotencyKey is not null)
        {
            // The same key raced in from a parallel request: the first one won. Leave the failed transaction first.
            await admission.DisposeAsync();
            db.Entry(session).State = EntityState.Detached;
            lease.State = EntityState.Detached;
            if (await ReplayAsync(ownerId, idempotencyKey, hash, cancellationToken) is { } raced)
            {
                return raced;
            }

            throw;
        }

        await nudges.PublishAsync(session.Id, CancellationToken.None); // committed: the nudge goes out even if the caller left
        return LaunchOutcome.Created(session);
    }

    private async Task<LaunchOutcome?> ReplayAsync(string ownerId, string key, string hash, CancellationToken cancellationToken)
    {
        var earlier = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.OwnerId == ownerId && s.IdempotencyKey == key, cancellationToken);
        if (earlier is null)
        {
            return null;
        }

        return earlier.RequestHash == hash
            ? LaunchOutcome.Replay(earlier)
            : LaunchOutcome.Refused(422, new ValidationError("Idempotency-Key", "session.idempotency_key_reused",
                "This Idempotency-Key was already used for a different launch request."));
    }

    private static string RequestHash(CreateSessionRequest request)
    {
        var canonical = string.Join('\n', request.Profile ?? "", request.Size ?? "", string.Join(',', (request.Datasets ?? []).Order(StringComparer.Ordinal)));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
