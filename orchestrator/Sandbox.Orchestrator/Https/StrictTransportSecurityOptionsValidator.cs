using Microsoft.Extensions.Options;

namespace Sandbox.Orchestrator.Https;

/// <summary>Checks the HSTS settings at start.</summary>
internal sealed class StrictTransportSecurityOptionsValidator : IValidateOptions<StrictTransportSecurityOptions>
{
    /// <summary>Two years: the longest max-age browsers' preload lists ask for; more is almost certainly a typo.</summary>
    private static readonly TimeSpan Longest = TimeSpan.FromDays(730);

    public ValidateOptionsResult Validate(string? name, StrictTransportSecurityOptions options) =>
        options.MaxAge < TimeSpan.Zero || options.MaxAge > Longest
            ? ValidateOptionsResult.Fail($"Sandbox:Hsts:MaxAge must be between 00:00:00 and {Longest.TotalDays:0} days (it is {options.MaxAge}).")
            : ValidateOptionsResult.Success;
}
