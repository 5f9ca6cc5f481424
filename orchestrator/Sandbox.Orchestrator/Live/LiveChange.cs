using System.Text.Json.Serialization;

namespace Sandbox.Orchestrator.Live;

/// <summary>
/// Something the store recorded that connected clients may need to hear about. Changes travel through
/// <see cref="ILiveChangeFeed"/> from where they happen (a store write, scheduled work) to the fan-out that knows the
/// connections; each carries what a replica needs to deliver it without asking the writer again. Between replicas
/// they travel as JSON, named by <c>kind</c>.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(SessionChanged), "session")]
[JsonDerivedType(typeof(SessionShared), "shared")]
[JsonDerivedType(typeof(MemberNoticed), "notice")]
[JsonDerivedType(typeof(DatasetVersionChanged), "dataset")]
internal abstract record LiveChange
{
    /// <summary>
    /// When the change was recorded (this machine's clock, or the recording replica's when it came through Redis): the
    /// start of its delivery lag (<c>sandbox.hub.delivery.lag</c>).
    /// </summary>
    public DateTimeOffset RecordedAt { get; init; } = DateTimeOffset.UtcNow;
}
