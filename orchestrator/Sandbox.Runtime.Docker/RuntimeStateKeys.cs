namespace Sandbox.Runtime.Docker;

/// <summary>Keys of the <see cref="RuntimeState"/> values the Docker adapter saves.</summary>
internal static class RuntimeStateKeys
{
    public const string ContainerId = "docker.containerId";

    public const string ContainerName = "docker.containerName";
}
