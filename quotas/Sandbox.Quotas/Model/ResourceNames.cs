namespace Sandbox.Quotas;

/// <summary>The wire names of <see cref="Resource"/>.</summary>
public static class ResourceNames
{
    public const string Cpu = "cpu";
    public const string MemoryGiB = "memoryGiB";
    public const string Gpu = "gpu";

    /// <summary>Every resource in invoice line order.</summary>
    public static IReadOnlyList<Resource> All { get; } = [Resource.Cpu, Resource.MemoryGiB, Resource.Gpu];

    public static string ToName(this Resource resource) => resource switch
    {
        Resource.Cpu => Cpu,
        Resource.MemoryGiB => MemoryGiB,
        Resource.Gpu => Gpu,
        _ => throw new ArgumentOutOfRangeException(nameof(resource), resource, "Unknown resource."),
    };
}
