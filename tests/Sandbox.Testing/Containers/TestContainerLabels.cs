namespace Sandbox.Testing.Containers;

/// <summary>
/// The labels on every container the test fixtures start. Without Testcontainers' reaper, a test process killed before
/// its fixtures were disposed leaves its containers behind: deploy/local/remove-stale-test-containers.sh (run by
/// <c>./sandbox test</c>) removes those whose process is gone, and leaves other runs' containers alone.
/// </summary>
public static class TestContainerLabels
{
    /// <summary>Marks a test dependency; the value says which server (postgres, redis).</summary>
    public const string Dependency = "org.sandbox.test-dependency";

    /// <summary>The id of the test process that started the container.</summary>
    public const string Process = "org.sandbox.test-process";

    /// <summary>Both labels for a container of <paramref name="server"/> started by this process.</summary>
    public static IReadOnlyDictionary<string, string> For(string server) => new Dictionary<string, string>
    {
        [Dependency] = server,
        [Process] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
