namespace Sandbox.Runtime.Docker.Fence;

/// <summary>
/// The packet filter rules of one installation's fence, in <c>iptables-save</c>'s own spelling so that what is
/// wanted and what is read back compare line by line.
/// </summary>
/// <param name="ForwardChain">The chain traffic routed through the host passes (hooked from <c>DOCKER-USER</c>).</param>
/// <param name="InputChain">The chain traffic to the host itself passes (hooked from <c>INPUT</c>).</param>
/// <param name="ForwardHook">The rule in <c>DOCKER-USER</c> that jumps to <paramref name="ForwardChain"/>.</param>
/// <param name="InputHook">The rule in <c>INPUT</c> that jumps to <paramref name="InputChain"/>.</param>
/// <param name="ForwardRules">The rules of <paramref name="ForwardChain"/>, in order (<c>-A CHAIN ...</c>).</param>
/// <param name="InputRules">The rules of <paramref name="InputChain"/>, in order.</param>
internal sealed record FenceRuleSet(
    string ForwardChain, string InputChain, string ForwardHook, string InputHook, IReadOnlyList<string> ForwardRules, IReadOnlyList<string> InputRules)
{
    /// <summary>The <c>iptables-restore --noflush</c> input that installs the set in one transaction.</summary>
    /// <remarks>
    /// Declaring a chain flushes it (or creates it), so the old rules go and the new ones come in atomically:
    /// there is no moment without a fence. Hooks are inserted only when missing, else they would pile up.
    /// </remarks>
    public string RestoreInput(bool addForwardHook, bool addInputHook)
    {
        var lines = new List<string> { "*filter", $":{ForwardChain} - [0:0]", $":{InputChain} - [0:0]" };
        lines.AddRange(ForwardRules);
        lines.AddRange(InputRules);
        if (addForwardHook)
        {
            lines.Add(Insert(ForwardHook));
        }

        if (addInputHook)
        {
            lines.Add(Insert(InputHook));
        }

        lines.Add("COMMIT");
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>The <c>iptables-restore --noflush</c> input that removes the set (hooks first, then the chains).</summary>
    public string RemoveInput(bool hasForwardHook, bool hasInputHook, bool hasChains)
    {
        var lines = new List<string> { "*filter" };
        if (hasForwardHook)
        {
            lines.Add(Delete(ForwardHook));
        }

        if (hasInputHook)
        {
            lines.Add(Delete(InputHook));
        }

        if (hasChains)
        {
            lines.AddRange([$"-F {ForwardChain}", $"-F {InputChain}", $"-X {ForwardChain}", $"-X {InputChain}"]);
        }

        lines.Add("COMMIT");
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>Whether <paramref name="save"/> (the output of <c>iptables-save -t filter</c>) holds exactly this set.</summary>
    public FenceReadBack Compare(string save)
    {
        var lines = save.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var forward = lines.Where(l => l.StartsWith($"-A {ForwardChain} ", StringComparison.Ordinal));
        var input = lines.Where(l => l.StartsWith($"-A {InputChain} ", StringComparison.Ordinal));
        var hasChains = lines.Any(l => l.StartsWith($":{ForwardChain} ", StringComparison.Ordinal));
        return new FenceReadBack(
            HasForwardHook: lines.Contains(ForwardHook),
            HasInputHook: lines.Contains(InputHook),
            HasChains: hasChains,
            RulesMatch: forward.SequenceEqual(ForwardRules, StringComparer.Ordinal) && input.SequenceEqual(InputRules, StringComparer.Ordinal),
            HasDockerUserChain: lines.Any(l => l.StartsWith(":DOCKER-USER ", StringComparison.Ordinal)));
    }

    // "-A CHAIN rest" -> "-I CHAIN 1 rest": the hook must come before Docker's own "-j RETURN" and any other rule.
    private static string Insert(string appended) => ReplaceVerb(appended, "-I", " 1");

    private static string Delete(string appended) => ReplaceVerb(appended, "-D", "");

    private static string ReplaceVerb(string appended, string verb, string position)
    {
        var parts = appended.Split(' ', 3);
        return $"{verb} {parts[1]}{position} {parts[2]}";
    }
}

/// <summary>What reading the filter table back found of a <see cref="FenceRuleSet"/>.</summary>
internal sealed record FenceReadBack(bool HasForwardHook, bool HasInputHook, bool HasChains, bool RulesMatch, bool HasDockerUserChain)
{
    public bool Complete => HasForwardHook && HasInputHook && HasChains && RulesMatch;
}
