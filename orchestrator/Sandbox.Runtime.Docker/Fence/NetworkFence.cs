using Microsoft.Extensions.Logging;

namespace Sandbox.Runtime.Docker.Fence;

/// <summary>
/// Keeps one installation's fence in the host's packet filter equal to what its networks need: reads the filter
/// table back, applies the rule set in one transaction when it differs, and reads it back again. Fails closed: when
/// the rules cannot be applied or checked, it throws a <see cref="RuntimeException"/> (<c>network_fence_failed</c>)
/// and the caller starts no sandbox.
/// </summary>
internal sealed partial class NetworkFence(IptablesClient iptables, string networkName, ILogger<NetworkFence> logger)
{
    /// <summary>Stable reason of every failure to fence sandboxes in.</summary>
    public const string FailureReason = "network_fence_failed";

    private const string NeedsPrivilege =
        "The orchestrator manages its own packet filter rules to fence sandboxes in and needs root or CAP_NET_ADMIN for it.";

    /// <summary>Makes the host's rules fence exactly <paramref name="networks"/> (and nothing else of this installation).</summary>
    public async Task EnsureAsync(IReadOnlyList<FencedNetwork> networks, CancellationToken cancellationToken)
    {
        var rules = FenceRules.Build(networkName, networks, HostNameServers.Read());

        // 1. Nothing to do when the table already holds the set (the usual case: every session start asks).
        var before = rules.Compare(await SaveAsync(cancellationToken).ConfigureAwait(false));
        if (!before.HasDockerUserChain)
        {
            throw new RuntimeException(
                FailureReason,
                "Sandboxes cannot be fenced in: the filter table has no DOCKER-USER chain (the engine must run with its iptables management on).");
        }

        if (before.Complete)
        {
            return;
        }

        // 2. One transaction: chains flushed and refilled, hooks inserted if missing.
        var applied = await iptables.RestoreAsync(rules.RestoreInput(!before.HasForwardHook, !before.HasInputHook), cancellationToken).ConfigureAwait(false);
        if (!applied.Succeeded)
        {
            throw new RuntimeException(FailureReason, $"Sandboxes cannot be fenced in: {applied.Describe()}. {NeedsPrivilege}");
        }

        // 3. Believe the table, not the exit code.
        var after = rules.Compare(await SaveAsync(cancellationToken).ConfigureAwait(false));
        if (!after.Complete)
        {
            throw new RuntimeException(FailureReason, $"Sandboxes cannot be fenced in: the rules applied to {rules.ForwardChain} and {rules.InputChain} do not read back as written.");
        }

        Log.Applied(logger, networkName, networks.Count, rules.ForwardRules.Count + rules.InputRules.Count);
    }

    /// <summary>Removes this installation's chains and hooks (an uninstall, or a test's cleanup). Missing parts are fine.</summary>
    public async Task RemoveAsync(CancellationToken cancellationToken)
    {
        var rules = FenceRules.Build(networkName, [], []);
        var seen = rules.Compare(await SaveAsync(cancellationToken).ConfigureAwait(false));
        if (!seen.HasForwardHook && !seen.HasInputHook && !seen.HasChains)
        {
            return;
        }

        var removed = await iptables.RestoreAsync(rules.RemoveInput(seen.HasForwardHook, seen.HasInputHook, seen.HasChains), cancellationToken).ConfigureAwait(false);
        if (!removed.Succeeded)
        {
            throw new RuntimeException(FailureReason, $"The fence of {networkName} could not be removed: {removed.Describe()}.");
        }
    }

    /// <summary>The filter table as text, for tests and diagnostics.</summary>
    public async Task<string> SaveAsync(CancellationToken cancellationToken)
    {
        var saved = await iptables.SaveFilterAsync(cancellationToken).ConfigureAwait(false);
        return saved.Succeeded
            ? saved.Output
            : throw new RuntimeException(FailureReason, $"Sandboxes cannot be fenced in: {saved.Describe()}. {NeedsPrivilege}");
    }

    private static partial class Log
    {
        [LoggerMessage(20, LogLevel.Information, "Fence of {NetworkName}: applied {RuleCount} packet filter rules for {NetworkCount} network(s)")]
        public static partial void Applied(ILogger logger, string networkName, int networkCount, int ruleCount);
    }
}
