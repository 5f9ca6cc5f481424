namespace Sandbox.Runtime;

/// <summary>
/// Where a sandbox may open connections, in terms any runtime can enforce (Docker with packet filter rules,
/// Kubernetes with a NetworkPolicy). The host, link-local and private addresses and other sandboxes are never
/// reachable, whatever the policy, except the destinations in <see cref="Allow"/>.
/// </summary>
/// <param name="Internet">Whether public internet addresses (and the name servers that resolve them) are reachable.</param>
/// <param name="Allow">Destinations reachable even without internet access or inside the private ranges, in a stable order.</param>
public sealed record EgressPolicy(bool Internet, IReadOnlyList<EgressDestination> Allow)
{
    /// <summary>Nothing leaves the sandbox: the safe default.</summary>
    public static EgressPolicy None { get; } = new(false, []);

    /// <summary>Public internet addresses only.</summary>
    public static EgressPolicy PublicInternet { get; } = new(true, []);

    /// <summary>Records compare lists by reference; two policies with the same destinations are the same policy.</summary>
    public bool Equals(EgressPolicy? other) =>
        other is not null && Internet == other.Internet && Allow.SequenceEqual(other.Allow);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Internet);
        foreach (var destination in Allow)
        {
            hash.Add(destination);
        }

        return hash.ToHashCode();
    }

    /// <summary>A short stable text, for example <c>none</c> or <c>internet +10.2.0.0/16:3128</c>.</summary>
    public override string ToString() =>
        (Internet ? "internet" : "none") + string.Concat(Allow.Select(d => " +" + d));
}
