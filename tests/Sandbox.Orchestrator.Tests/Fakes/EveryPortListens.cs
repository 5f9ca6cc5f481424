using Sandbox.Orchestrator.Sessions;

namespace Sandbox.Orchestrator.Tests.Fakes;

/// <summary>A network where every notebook address accepts connections: readiness is decided by the fake notebook's HTTP answer.</summary>
internal sealed class EveryPortListens : INotebookPortCheck
{
    public ValueTask<bool> IsListeningAsync(Uri endpoint, TimeSpan timeout, CancellationToken cancellationToken) => ValueTask.FromResult(true);
}
