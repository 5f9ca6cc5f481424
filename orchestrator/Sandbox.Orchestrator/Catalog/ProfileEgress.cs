using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Catalog;

/// <summary>Reads a profile's egress settings into the runtime's engine-neutral policy: pure, every mistake named.</summary>
internal static class ProfileEgress
{
    /// <summary>
    /// The profile's policy, or null with every problem, each naming the setting (<c>Sandbox:Profiles:{id}:EgressAllow:{n}</c>).
    /// The allow-list comes back sorted and without duplicates, so two profiles that allow the same share a network.
    /// </summary>
    public static (EgressPolicy? Policy, IReadOnlyList<string> Errors) Resolve(string profileId, ProfileOptions options)
    {
        var errors = new List<string>();
        var setting = $"Sandbox:Profiles:{profileId}";
        bool? internet = options.Egress.Trim().ToLowerInvariant() switch
        {
            "none" or "" => false,
            "internet" => true,
            _ => null,
        };
        if (internet is null)
        {
            errors.Add($"{setting}:Egress '{options.Egress}' must be 'none' or 'internet'.");
        }

        var allow = new List<EgressDestination>();
        for (var i = 0; i < options.EgressAllow.Count; i++)
        {
            if (EgressDestination.TryParse(options.EgressAllow[i], out var error) is { } destination)
            {
                allow.Add(destination);
            }
            else
            {
                errors.Add($"{setting}:EgressAllow:{i} {error}.");
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var ordered = allow.Distinct().OrderBy(d => d.ToString(), StringComparer.Ordinal).ToList();
        return (new EgressPolicy(internet!.Value, ordered), []);
    }
}
