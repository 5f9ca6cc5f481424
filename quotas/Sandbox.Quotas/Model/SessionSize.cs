namespace Sandbox.Quotas;

/// <summary>A named size a session can be launched at.</summary>
/// <param name="Id">The size's id, for example <c>small</c>.</param>
/// <param name="Resources">vCPUs, GiB of memory and GPUs the size holds while running.</param>
public sealed record SessionSize(string Id, ResourceAmounts Resources);
