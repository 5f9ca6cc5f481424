using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Sandbox.Orchestrator.Health;

/// <summary>
/// A health answer as JSON: the overall status and each check's status, description and duration. Probes are anonymous,
/// so descriptions are fixed sentences that name what is wrong, never an exception's text (addresses, paths); the
/// details are in the log.
/// </summary>
internal static class HealthReportJson
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
            }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, cancellationToken: context.RequestAborted);
    }
}
