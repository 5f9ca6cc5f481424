using Microsoft.Extensions.Options;

namespace Sandbox.Orchestrator.Accounts.Oidc;

/// <summary>Checks the single sign-on settings at start and reports every mistake at once.</summary>
internal sealed class OidcOptionsValidator : IValidateOptions<OidcOptions>
{
    public ValidateOptionsResult Validate(string? name, OidcOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Authority))
        {
            return ValidateOptionsResult.Skip;
        }

        var errors = new List<string>();
        if (!Uri.TryCreate(options.Authority, UriKind.Absolute, out var authority) || (authority.Scheme != Uri.UriSchemeHttps && authority.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add($"{OidcOptions.Section}:Authority must be an absolute http(s) URL, not '{options.Authority}'.");
        }
        else if (options.RequireHttpsMetadata && authority.Scheme != Uri.UriSchemeHttps)
        {
            errors.Add($"{OidcOptions.Section}:Authority must use https while RequireHttpsMetadata is true.");
        }

        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            errors.Add($"{OidcOptions.Section}:Audience is required when Authority is set.");
        }

        if (string.IsNullOrWhiteSpace(options.RoleClaim))
        {
            errors.Add($"{OidcOptions.Section}:RoleClaim must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(options.EmailClaim))
        {
            errors.Add($"{OidcOptions.Section}:EmailClaim must not be empty.");
        }

        foreach (var (external, role) in options.RoleMap.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!Roles.All.Contains(role))
            {
                errors.Add($"{OidcOptions.Section}:RoleMap:{external} maps to unknown role '{role}'; roles are {string.Join(", ", Roles.All)}.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
