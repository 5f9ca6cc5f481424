using DotNet.Testcontainers.Configurations;

namespace Sandbox.Testing.Containers;

/// <summary>
/// The three settings Testcontainers needs on this project's machines, applied in code for the test process only, once,
/// before the first container: the Engine API version (the library asks for 1.44 by default, which Engine 20.10 refuses:
/// the version the engine itself announces is used when it is older), no resource reaper (its image cannot be pulled;
/// the fixtures remove their own containers), and 127.0.0.1 as the containers' host (the machine looks like a container
/// to Testcontainers, which would otherwise aim at the bridge's address).
/// </summary>
/// <remarks>
/// Testcontainers reads <c>DOCKER_API_VERSION</c> from the environment, once, into a snapshot. The variable is set for
/// that moment only and then put back: processes the tests start (the orchestrator, the docker CLI) never inherit it.
/// The orchestrator's Docker.DotNet does not read it anyway, it negotiates its own version.
/// </remarks>
public static class TestcontainersOnThisEngine
{
    private const string ApiVersionVariable = "DOCKER_API_VERSION";

    /// <summary>The Engine API version Testcontainers 4.17 asks for unless told otherwise.</summary>
    private static readonly Version LibraryApiVersion = new(1, 44);

    private static readonly Lazy<Task> Applied = new(ApplyAsync);

    /// <summary>Applies the settings (once per process); every fixture awaits this before building a container.</summary>
    public static Task EnsureAppliedAsync() => Applied.Value;

    /// <summary>Fails with the command that builds <paramref name="image"/> when the engine does not have it (nothing is pulled).</summary>
    public static async Task RequireImageAsync(string image)
    {
        if (!await DockerEngine.ImageExistsAsync(image))
        {
            throw new InvalidOperationException(
                $"test_image_missing: the engine has no image {image}, and none can be pulled here: run deploy/local/ensure-test-images.sh " +
                "(./sandbox test runs it), which builds it from Debian's packages.");
        }
    }

    private static async Task ApplyAsync()
    {
        var engine = await (await DockerEngine.ClientAsync()).System.GetVersionAsync();
        var engineApi = Version.Parse(engine.APIVersion!);
        var previous = Environment.GetEnvironmentVariable(ApiVersionVariable);
        if (previous is null && engineApi < LibraryApiVersion)
        {
            Environment.SetEnvironmentVariable(ApiVersionVariable, engineApi.ToString());
        }

        try
        {
            // The first use of the settings makes Testcontainers read its environment (a snapshot kept for the process)
            // and find the engine with the version read.
            TestcontainersSettings.ResourceReaperEnabled = false;
            TestcontainersSettings.DockerHostOverride = "127.0.0.1";
        }
        finally
        {
            Environment.SetEnvironmentVariable(ApiVersionVariable, previous);
        }

        // Readiness is asked every 250 ms rather than every second: a server is ready sooner than the default notices.
        TestcontainersSettings.WaitStrategyInterval = TimeSpan.FromMilliseconds(250);
    }
}
