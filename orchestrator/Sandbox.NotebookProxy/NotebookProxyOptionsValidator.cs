using Microsoft.Extensions.Options;

namespace Sandbox.NotebookProxy;

/// <summary>Checks <see cref="NotebookProxyOptions"/> at start and reports every problem at once.</summary>
internal sealed class NotebookProxyOptionsValidator : IValidateOptions<NotebookProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, NotebookProxyOptions options)
    {
        var errors = new List<string>();
        RequirePositive(errors, options.ConnectTimeout, nameof(options.ConnectTimeout));
        RequirePositive(errors, options.ResponseHeadersTimeout, nameof(options.ResponseHeadersTimeout));
        if (options.WebSocketIdleTimeout != Timeout.InfiniteTimeSpan && options.WebSocketIdleTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(options.WebSocketIdleTimeout)} must be positive, or Timeout.InfiniteTimeSpan (off).");
        }

        // The forwarder keeps its activity timeouts in whole milliseconds of an int (about 24.8 days).
        foreach (var (value, setting) in new[] { (options.ResponseHeadersTimeout, nameof(options.ResponseHeadersTimeout)), (options.WebSocketIdleTimeout, nameof(options.WebSocketIdleTimeout)) })
        {
            if (value.TotalMilliseconds > int.MaxValue)
            {
                errors.Add($"{setting} may be at most {TimeSpan.FromMilliseconds(int.MaxValue)}.");
            }
        }

        if (options.MaxRequestBodySize is <= 0)
        {
            errors.Add($"{nameof(options.MaxRequestBodySize)} must be positive, or null (no limit).");
        }

        foreach (var prefix in options.StrippedCookiePrefixes)
        {
            if (string.IsNullOrWhiteSpace(prefix))
            {
                errors.Add($"{nameof(options.StrippedCookiePrefixes)} may not contain an empty prefix (it would strip every cookie).");
            }
        }

        foreach (var origin in options.AllowedOrigins)
        {
            if (!IsOrigin(origin))
            {
                errors.Add($"{nameof(options.AllowedOrigins)}: '{origin}' is not an origin (scheme://host[:port], http or https, no path).");
            }
        }

        foreach (var origin in options.FrameAncestors)
        {
            if (!IsOrigin(origin))
            {
                errors.Add($"{nameof(options.FrameAncestors)}: '{origin}' is not an origin (scheme://host[:port], http or https, no path).");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void RequirePositive(List<string> errors, TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero || value == Timeout.InfiniteTimeSpan)
        {
            errors.Add($"{name} must be a positive time span.");
        }
    }

    private static bool IsOrigin(string origin) =>
        Uri.TryCreate(origin.TrimEnd('/'), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.AbsolutePath == "/"
        && string.IsNullOrEmpty(uri.Query)
        && string.IsNullOrEmpty(uri.Fragment);
}
