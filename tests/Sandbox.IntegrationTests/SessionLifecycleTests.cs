using Sandbox.IntegrationTests.Infrastructure;

namespace Sandbox.IntegrationTests;

/// <summary>The session lifecycle scenarios (<see cref="SessionLifecycleScenarios"/>) on the real Docker engine.</summary>
public sealed class SessionLifecycleTests : SessionLifecycleScenarios
{
    protected override SessionRuntimeKind Runtime => DockerRuntimeKind.Instance;
}
