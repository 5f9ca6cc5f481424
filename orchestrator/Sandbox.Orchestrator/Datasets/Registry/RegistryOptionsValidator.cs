using Microsoft.Extensions.Options;

namespace Sandbox.Orchestrator.Datasets.Registry;

/// <summary>Checks <see cref="RegistryOptions"/> at start and names every mistake at once.</summary>
internal sealed class RegistryOptionsValidator : IValidateOptions<RegistryOptions>
{
    public ValidateOptionsResult Validate(string? name, RegistryOptions options)
    {
        var errors = new List<string>();
        if (options.Url is { } url)
        {
            if (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https") || url.AbsolutePath != "/" || !string.IsNullOrEmpty(url.Query))
            {
                errors.Add($"Sandbox:Registry:Url must be http:// or https:// with a host and no path (got '{url}').");
            }
        }

        if (string.IsNullOrWhiteSpace(options.Repository) || options.Repository.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.' or '/')))
        {
            errors.Add("Sandbox:Registry:Repository must be lowercase letters, digits, '-', '_', '.' and '/'.");
        }

        if (string.IsNullOrEmpty(options.Username) != string.IsNullOrEmpty(options.Password))
        {
            errors.Add("Sandbox:Registry:Username and Password go together.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            errors.Add("Sandbox:Registry:RequestTimeout must be positive.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
