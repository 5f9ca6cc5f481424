using Microsoft.Extensions.Options;

namespace Sandbox.Orchestrator.NotebookOrigins;

/// <summary>Checks the notebook-origin settings at start, naming every mistake at once.</summary>
internal sealed class NotebookOriginOptionsValidator : IValidateOptions<NotebookOriginOptions>
{
    public ValidateOptionsResult Validate(string? name, NotebookOriginOptions options)
    {
        var errors = new List<string>();
        if (!NotebookHostName.TryParse(options.NotebookHost, out _))
        {
            errors.Add($"Sandbox:Proxy:NotebookHost '{options.NotebookHost}' is not a host name with an optional port (for example nb.coop.example).");
        }

        if (options.PortalOrigin is { } portal && !PortalOrigin.TryParse(portal, out _))
        {
            errors.Add($"Sandbox:Proxy:PortalOrigin '{portal}' is not an origin (scheme://host[:port], http or https, no path).");
        }

        if (options.HandoffLifetime <= TimeSpan.Zero || options.HandoffLifetime > TimeSpan.FromMinutes(10))
        {
            errors.Add("Sandbox:Proxy:HandoffLifetime must be more than zero and at most 10 minutes.");
        }

        if (options.CookieLifetime < TimeSpan.FromMinutes(1) || options.CookieLifetime > TimeSpan.FromDays(1))
        {
            errors.Add("Sandbox:Proxy:CookieLifetime must be between 1 minute and 1 day.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
