using System.Text.Json.Serialization;

namespace Sandbox.Orchestrator.Replicas;

/// <summary>
/// Something every replica must do at once because of a change made on one of them (<see cref="IReplicaCommands"/>).
/// Commands are the fast path only: each replica also re-checks the store (<see cref="AccessRecheckService"/>), so a
/// lost command delays its effect by at most the re-check interval. Between replicas they travel as JSON, named by <c>kind</c>.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(CredentialsChanged), "credentials")]
[JsonDerivedType(typeof(ShareEnded), "share-ended")]
[JsonDerivedType(typeof(SessionEnded), "session-ended")]
internal abstract record ReplicaCommand;
