using System.Net;
using Microsoft.Extensions.Options;

namespace Sandbox.Orchestrator.Https;

/// <summary>Checks the trusted proxies at start, naming every mistake at once.</summary>
internal sealed class ForwardedHeadersTrustOptionsValidator : IValidateOptions<ForwardedHeadersTrustOptions>
{
    public ValidateOptionsResult Validate(string? name, ForwardedHeadersTrustOptions options)
    {
        var errors = new List<string>();
        for (var i = 0; i < options.KnownProxies.Count; i++)
        {
            if (!IPAddress.TryParse(options.KnownProxies[i], out _))
            {
                errors.Add($"Sandbox:ForwardedHeaders:KnownProxies:{i} '{options.KnownProxies[i]}' is not an IP address.");
            }
        }

        for (var i = 0; i < options.KnownNetworks.Count; i++)
        {
            var network = options.KnownNetworks[i];
            // An address with host bits set (10.0.0.1/24) is refused rather than masked: it is most likely a typo for a proxy.
            if (!network.Contains('/', StringComparison.Ordinal) || !IPNetwork.TryParse(network, out var parsed)
                || !IPAddress.TryParse(network[..network.IndexOf('/', StringComparison.Ordinal)], out var written) || !written.Equals(parsed.BaseAddress))
            {
                errors.Add($"Sandbox:ForwardedHeaders:KnownNetworks:{i} '{network}' is not a network in CIDR notation (for example 10.0.0.0/24).");
            }
            else if (parsed.PrefixLength == 0)
            {
                // A /0 trusts the whole internet to say who the client is: that is the same as trusting no one.
                errors.Add($"Sandbox:ForwardedHeaders:KnownNetworks:{i} '{network}' covers every address; name the proxies' own network.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
