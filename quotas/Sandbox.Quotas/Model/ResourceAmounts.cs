namespace Sandbox.Quotas;

/// <summary>
/// One number per billed resource: amounts of a size or usage record (vCPUs, GiB, GPUs), or a rate card's
/// KRW per hour of each. Decimals keep the scale they were written with, so a rate given as <c>30.50</c>
/// prints back as <c>30.50</c>.
/// </summary>
public readonly record struct ResourceAmounts(decimal Cpu, decimal MemoryGiB, decimal Gpu)
{
    public decimal this[Resource resource] => resource switch
    {
        Resource.Cpu => Cpu,
        Resource.MemoryGiB => MemoryGiB,
        Resource.Gpu => Gpu,
        _ => throw new ArgumentOutOfRangeException(nameof(resource), resource, "Unknown resource."),
    };

    public bool AnyNegative => Cpu < 0 || MemoryGiB < 0 || Gpu < 0;
}
