namespace Sandbox.Quotas;

/// <summary>A billed resource. The enum's order is the invoice line order of the contract.</summary>
public enum Resource
{
    Cpu = 0,
    MemoryGiB = 1,
    Gpu = 2,
}
