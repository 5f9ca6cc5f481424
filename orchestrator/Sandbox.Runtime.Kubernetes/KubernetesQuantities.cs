using System.Globalization;
using k8s.Models;

namespace Sandbox.Runtime.Kubernetes;

/// <summary>Sizes as Kubernetes quantities, in the units people read (<c>1500m</c>, <c>2Gi</c>, <c>512Mi</c>). Pure.</summary>
internal static class KubernetesQuantities
{
    /// <summary>CPUs as millicores, rounded up to a whole millicore.</summary>
    public static ResourceQuantity Cpu(decimal cpus) =>
        new(decimal.Ceiling(cpus * 1000).ToString("0", CultureInfo.InvariantCulture) + "m");

    /// <summary>GiB as <c>Gi</c> when whole, else <c>Mi</c> when whole, else bytes.</summary>
    public static ResourceQuantity GiB(decimal gib)
    {
        if (gib == decimal.Truncate(gib))
        {
            return new ResourceQuantity(gib.ToString("0", CultureInfo.InvariantCulture) + "Gi");
        }

        var mib = gib * 1024;
        return mib == decimal.Truncate(mib)
            ? new ResourceQuantity(mib.ToString("0", CultureInfo.InvariantCulture) + "Mi")
            : new ResourceQuantity(decimal.Ceiling(gib * 1024 * 1024 * 1024).ToString("0", CultureInfo.InvariantCulture));
    }

    /// <summary>MiB as <c>Mi</c>.</summary>
    public static ResourceQuantity MiB(int mib) => new(mib.ToString(CultureInfo.InvariantCulture) + "Mi");

    /// <summary>A whole count (GPUs).</summary>
    public static ResourceQuantity Count(int count) => new(count.ToString(CultureInfo.InvariantCulture));
}
