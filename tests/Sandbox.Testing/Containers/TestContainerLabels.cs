namespace Sandbox.Testing.Containers;

/// <summary>
/// The label on every container the test fixtures start. Without Testcontainers' reaper, a test process killed before its
/// fixtures were disposed leaves its containers running: <c>docker rm -f $(docker ps -aq --filter label=org.sandbox.test-dependency)</c>
/// removes them (when no tests are running).
/// </summary>
public static class TestContainerLabels
{
    /// <summary>The label's key; its value says which server (postgres, redis).</summary>
    public const string Dependency = "org.sandbox.test-dependency";
}
