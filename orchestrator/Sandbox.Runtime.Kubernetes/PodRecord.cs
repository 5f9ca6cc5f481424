namespace Sandbox.Runtime.Kubernetes;

/// <summary>
/// What the adapter keeps of one session's pod: a few strings, not the whole <c>V1Pod</c> (the watch keeps one per
/// session, and 10,000 sessions must fit well under a GiB). Compared by value: a pod change that changes none of this
/// is not worth telling anyone.
/// </summary>
/// <param name="SessionId">The session (from the pod's label).</param>
/// <param name="MemberId">The member (from the pod's annotation).</param>
/// <param name="PodName">The pod's name.</param>
/// <param name="Uid">The pod's uid.</param>
/// <param name="Phase">What it means for the session.</param>
/// <param name="Endpoint">The notebook's address (<c>http://{podIP}:{port}</c>) once the container runs.</param>
/// <param name="ExitReason">Why it ended, when <see cref="RuntimePhase.Exited"/>.</param>
/// <param name="Condition">What holds it up, in words, when <see cref="RuntimePhase.Pending"/>.</param>
/// <param name="Stage">How far its start went.</param>
/// <param name="Problem">A stable failure reason of a start that cannot succeed (<c>image_pull_failed</c>, <c>dataset_image_unavailable</c>, <c>dataset_copy_failed</c>), else null.</param>
/// <param name="Gpu">Whether the pod asks for GPUs (an unschedulable GPU pod fails as <c>gpu_unavailable</c>).</param>
/// <param name="CreatedAt">When the API server created the pod.</param>
/// <param name="ScheduledAt">When the pod was bound to a node, if it was.</param>
internal sealed record PodRecord(
    string SessionId,
    string MemberId,
    string PodName,
    string? Uid,
    RuntimePhase Phase,
    Uri? Endpoint,
    string? ExitReason,
    string? Condition,
    PodStage Stage,
    string? Problem,
    bool Gpu,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? ScheduledAt);
