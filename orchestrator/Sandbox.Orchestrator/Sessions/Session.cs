namespace Sandbox.Orchestrator.Sessions;

/// <summary>
/// A notebook session: desired state (set by its owner through the API) and observed state (set by the
/// reconciler through guarded transitions that throw <see cref="SessionTransitionException"/> on an illegal move).
/// </summary>
internal sealed class Session
{
    private Session()
    {
        Id = OwnerId = Profile = SizeId = ProtectedToken = Message = "";
        Datasets = [];
    }

    /// <summary>Short random id, also the notebook's URL segment (<c>/s/{Id}/</c>).</summary>
    public string Id { get; private set; }

    /// <summary>The member who launched it and pays for it.</summary>
    public string OwnerId { get; private set; }

    /// <summary>The notebook profile id, for example <c>python</c>.</summary>
    public string Profile { get; private set; }

    /// <summary>The size id.</summary>
    public string SizeId { get; private set; }

    /// <summary>Virtual CPUs, copied from the size.</summary>
    public decimal Cpu { get; private set; }

    /// <summary>Memory in GiB, copied from the size.</summary>
    public decimal MemoryGiB { get; private set; }

    /// <summary>GPUs, copied from the size.</summary>
    public int Gpu { get; private set; }

    /// <summary>The dataset versions it mounts.</summary>
    public IReadOnlyList<SessionDataset> Datasets { get; private set; }

    /// <summary>Observed state; only the reconciler changes it.</summary>
    public SessionState State { get; private set; }

    /// <summary>Desired state: the owner asked it to stop.</summary>
    public bool StopRequested { get; private set; }

    /// <summary>When the stop was asked for.</summary>
    public DateTimeOffset? StopRequestedAt { get; private set; }

    /// <summary>
    /// Desired state: why the system asked it to stop (one of <see cref="SessionStopReasons"/>); null when its owner asked.
    /// The reconciler copies it to <see cref="Reason"/> when it carries the stop out.
    /// </summary>
    public string? StopReason { get; private set; }

    /// <summary>Stable machine-readable reason of a failure (<c>start_timeout</c>, <c>sandbox_vanished</c>, ...).</summary>
    public string? Reason { get; private set; }

    /// <summary>Start progress, 0-100.</summary>
    public int Progress { get; private set; }

    /// <summary>What is happening, for people.</summary>
    public string Message { get; private set; }

    /// <summary>When it was accepted.</summary>
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When provisioning began (the start timeout counts from here).</summary>
    public DateTimeOffset? ProvisioningAt { get; private set; }

    /// <summary>When its notebook first answered: billing starts here.</summary>
    public DateTimeOffset? ReadyAt { get; private set; }

    /// <summary>When it left <see cref="SessionState.Running"/> (or ended without running): billing ends here.</summary>
    public DateTimeOffset? EndedAt { get; private set; }

    /// <summary>The last time its sandbox was seen running.</summary>
    public DateTimeOffset? LastSeenAt { get; private set; }

    /// <summary>The runtime adapter's saved state, as JSON.</summary>
    public string? RuntimeState { get; private set; }

    /// <summary>The notebook server's token, encrypted with the orchestrator's data-protection keys.</summary>
    public string ProtectedToken { get; private set; }

    /// <summary>The client's <c>Idempotency-Key</c>, unique per owner.</summary>
    public string? IdempotencyKey { get; private set; }

    /// <summary>A hash of the create request, to tell a retry from a different request under the same key.</summary>
    public string? RequestHash { get; private set; }

    /// <summary>Optimistic concurrency token.</summary>
    public int Revision { get; private set; }

    /// <summary>Accepts a new session in <see cref="SessionState.Pending"/>.</summary>
    public static Session Create(
        string id, string ownerId, string profile, SessionSize size, IReadOnlyList<SessionDataset> datasets,
        string protectedToken, string? idempotencyKey, string? requestHash, DateTimeOffset now) => new()
    {
        Id = id,
        OwnerId = ownerId,
        Profile = profile,
        SizeId = size.Id,
        Cpu = size.Cpu,
        MemoryGiB = size.MemoryGiB,
        Gpu = size.Gpu,
        Datasets = datasets,
        State = SessionState.Pending,
        Progress = 0,
        Message = "Queued",
        CreatedAt = now,
        ProtectedToken = protectedToken,
        IdempotencyKey = idempotencyKey,
        RequestHash = requestHash,
    };

    /// <summary>The size it was launched with.</summary>
    public SessionSize Size => new(SizeId, Cpu, MemoryGiB, Gpu);

    /// <summary>Whether it has ended for good.</summary>
    public bool IsTerminal => State.IsTerminal();

    /// <summary>
    /// The owner (no reason) or the system (a <see cref="SessionStopReasons"/> reason) asks it to stop: desired state.
    /// The first request wins; asking again changes nothing.
    /// </summary>
    public void RequestStop(DateTimeOffset now, string? reason = null)
    {
        if (StopRequested)
        {
            return;
        }

        StopRequested = true;
        StopRequestedAt = now;
        StopReason = reason;
    }

    /// <summary>pending -> provisioning.</summary>
    public void BeginProvisioning(DateTimeOffset now)
    {
        MoveTo(SessionState.Provisioning);
        ProvisioningAt = now;
        ReportProgress(10, "Preparing the sandbox");
    }

    /// <summary>Records start progress; it never goes back.</summary>
    public void ReportProgress(int percent, string message)
    {
        if (State is not (SessionState.Pending or SessionState.Provisioning))
        {
            return;
        }

        Progress = Math.Clamp(Math.Max(Progress, percent), 0, 99);
        Message = message;
    }

    /// <summary>Saves the runtime adapter's state.</summary>
    public void SaveRuntimeState(string? runtimeState) => RuntimeState = runtimeState;

    /// <summary>provisioning -> running: the notebook answered. Billing starts now.</summary>
    public void MarkReady(DateTimeOffset now)
    {
        MoveTo(SessionState.Running);
        ReadyAt = now;
        LastSeenAt = now;
        Progress = 100;
        Message = "Ready";
    }

    /// <summary>Records that the sandbox was seen running.</summary>
    public void RecordSeen(DateTimeOffset now)
    {
        if (State == SessionState.Running)
        {
            LastSeenAt = now;
        }
    }

    /// <summary>
    /// pending, provisioning or running -> stopping. Billing ends at the stop request, whoever asked; a stop the system
    /// asked for shows its reason from now on.
    /// </summary>
    public void BeginStopping(DateTimeOffset now)
    {
        var wasRunning = State == SessionState.Running;
        MoveTo(SessionState.Stopping);
        EndedAt = wasRunning ? Earliest(StopRequestedAt, now) : now;
        Reason = StopReason;
        Message = StopReason is null ? "Stopping" : $"Stopping: {SessionStopReasons.Describe(StopReason)}";
    }

    /// <summary>stopping -> stopped.</summary>
    public void MarkStopped(DateTimeOffset now)
    {
        MoveTo(SessionState.Stopped);
        EndedAt ??= now;
        Message = StopReason is null ? "Stopped" : $"Stopped: {SessionStopReasons.Describe(StopReason)}";
    }

    /// <summary>
    /// Any live state -> failed with a stable reason. A running session's billing ends when it was last seen alive
    /// (or now, if never checked since it became ready).
    /// </summary>
    public void Fail(string reason, string message, DateTimeOffset now)
    {
        var wasRunning = State == SessionState.Running;
        MoveTo(SessionState.Failed);
        Reason = reason;
        Message = message;
        EndedAt ??= wasRunning ? LastSeenAt ?? now : now;
    }

    private void MoveTo(SessionState next)
    {
        if (!SessionTransitions.IsAllowed(State, next))
        {
            throw new SessionTransitionException(Id, State, next);
        }

        State = next;
        Revision++;
    }

    private static DateTimeOffset Earliest(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x < b ? x : b;
}
