using Microsoft.Extensions.Options;

namespace Sandbox.Orchestrator.Catalog;

/// <summary>Refuses to start with a profile whose egress settings cannot be read, naming every profile and entry at fault.</summary>
internal sealed class ProfileEgressValidator : IValidateOptions<CatalogOptions>
{
    public ValidateOptionsResult Validate(string? name, CatalogOptions options)
    {
        var errors = options.Profiles
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .SelectMany(p => ProfileEgress.Resolve(p.Key, p.Value).Errors)
            .ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
