using Sandbox.IntegrationTests.Infrastructure;

namespace Sandbox.IntegrationTests;

/// <summary>The crash-recovery scenarios (<see cref="CrashRecoveryScenarios"/>) on the real Docker engine.</summary>
public sealed class CrashRecoveryTests : CrashRecoveryScenarios
{
    protected override SessionRuntimeKind Runtime => DockerRuntimeKind.Instance;
}
