using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Tests.Fakes;

/// <summary>A runtime that accepts every sandbox but never finds room to run it, and says so.</summary>
internal sealed class WaitingForCapacityRuntime : InMemoryRuntime
{
    public const string Condition = "Waiting for capacity: no machine has 1 CPU and 2 GiB free";

    public override async Task<RuntimeObservation> ObserveAsync(string sessionId, RuntimeState? saved, CancellationToken cancellationToken)
    {
        var observed = await base.ObserveAsync(sessionId, saved, cancellationToken);
        return observed.Phase == RuntimePhase.Running
            ? new RuntimeObservation(RuntimePhase.Pending, null, null, observed.State) { Condition = Condition }
            : observed;
    }
}
