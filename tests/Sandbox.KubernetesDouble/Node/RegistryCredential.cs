namespace Sandbox.KubernetesDouble.Node;

/// <summary>What the node pulls with from the registry at <paramref name="ServerAddress"/> (host and port, <c>127.0.0.1:5000</c>).</summary>
public sealed record RegistryCredential(string ServerAddress, string Username, string Password);
