namespace Sandbox.Runtime;

/// <summary>Basic credentials for a registry at <paramref name="ServerAddress"/> (host and port).</summary>
public sealed record RegistryCredentials(string ServerAddress, string Username, string Password);
