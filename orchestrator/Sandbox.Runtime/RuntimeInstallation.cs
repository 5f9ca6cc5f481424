namespace Sandbox.Runtime;

/// <summary>
/// Hands the installation's identity to the runtime adapters once the store has it. Adapters are built before the
/// store is migrated (hosted services are all constructed before any starts), so they read it when they first act, and
/// the start-up pass that loads it runs before anything asks the runtime to act.
/// </summary>
public sealed class RuntimeInstallation
{
    private InstallationIdentity? _identity;

    /// <summary>The identity; throws when asked before the start-up pass set it (a wiring mistake, not a runtime state).</summary>
    public InstallationIdentity Identity =>
        Volatile.Read(ref _identity) ?? throw new InvalidOperationException("The installation's identity is not known yet: it is loaded from the store at start.");

    /// <summary>Sets the identity, once; setting the same one again is harmless, a different one is refused.</summary>
    public void Set(InstallationIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (!InstallationIdentity.IsWellFormed(identity.Id))
        {
            throw new ArgumentException($"'{identity.Id}' is not an installation id (4 to 32 lowercase letters and digits).", nameof(identity));
        }

        var previous = Interlocked.CompareExchange(ref _identity, identity, null);
        if (previous is not null && previous != identity)
        {
            throw new InvalidOperationException($"The installation is {previous.Id} already; it cannot become {identity.Id}.");
        }
    }
}
