using Sandbox.Orchestrator.NotebookOrigins;

namespace Sandbox.Orchestrator.Tests.Fakes;

/// <summary>The origins of a local <c>./sandbox up</c>: portal on http://127.0.0.1:5080, notebooks under nb.localhost.</summary>
internal static class LocalOrigins
{
    public static SandboxOrigins Instance { get; } = new(new NotebookOriginOptions(), new Uri("http://127.0.0.1:5080"));
}
