using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Sandbox.Orchestrator.Culling;

/// <summary>
/// Reads a Jupyter server's activity with the session's token, at the address the runtime gives (as the readiness probe
/// does): <c>GET api/status</c> and <c>GET api/kernels?no_track_activity=1</c>. Jupyter 6.4
/// does not count <c>api/status</c> as activity, but it does count <c>api/kernels</c> unless asked not to; so neither the
/// readiness probes nor this client keep a notebook alive. A narrow client (no Jupyter client library is served here).
/// </summary>
internal sealed class JupyterActivityClient(HttpClient http, IOptionsMonitor<CullingOptions> options) : INotebookActivitySource
{
    /// <inheritdoc />
    public async Task<NotebookActivityReading> ReadAsync(Uri address, string sessionId, string token, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.CurrentValue.RequestTimeout);
        try
        {
            // 1. The server's own last activity and connection count.
            using var status = await GetAsync(address, $"/s/{sessionId}/api/status", token, timeout.Token);
            if (status.Failure is { } statusFailure)
            {
                return NotebookActivityReading.Failed(statusFailure);
            }

            // 2. Each kernel's state: a busy kernel is activity now.
            using var kernels = await GetAsync(address, $"/s/{sessionId}/api/kernels?no_track_activity=1", token, timeout.Token);
            if (kernels.Failure is { } kernelsFailure)
            {
                return NotebookActivityReading.Failed(kernelsFailure);
            }

            return Parse(status.Json!.RootElement, kernels.Json!.RootElement) is { } activity
                ? NotebookActivityReading.Of(activity)
                : NotebookActivityReading.Failed("unreadable");
        }
        catch (HttpRequestException)
        {
            return NotebookActivityReading.Failed("unreachable");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return NotebookActivityReading.Failed("timeout");
        }
    }

    /// <summary>Reads Jupyter's two answers; null when they are not what Jupyter sends.</summary>
    internal static NotebookActivity? Parse(JsonElement status, JsonElement kernels)
    {
        if (status.ValueKind != JsonValueKind.Object || kernels.ValueKind != JsonValueKind.Array
            || !TryInstant(status, "last_activity", out var lastActivity))
        {
            return null;
        }

        var connections = status.TryGetProperty("connections", out var c) && c.TryGetInt32(out var n) ? n : 0;
        var list = new List<KernelActivity>();
        foreach (var kernel in kernels.EnumerateArray())
        {
            if (kernel.ValueKind != JsonValueKind.Object || !TryInstant(kernel, "last_activity", out var kernelActivity)
                || !kernel.TryGetProperty("execution_state", out var state) || state.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            list.Add(new KernelActivity(state.GetString()!, kernelActivity));
        }

        return new NotebookActivity(lastActivity, connections, list);
    }

    private static bool TryInstant(JsonElement element, string name, out DateTimeOffset instant)
    {
        instant = default;
        return element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out instant);
    }

    private async Task<JsonAnswer> GetAsync(Uri address, string path, string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(address, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("token", token);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return new JsonAnswer(null, string.Create(CultureInfo.InvariantCulture, $"http_{(int)response.StatusCode}"));
        }

        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return new JsonAnswer(await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken), null);
        }
        catch (JsonException)
        {
            return new JsonAnswer(null, "unreadable");
        }
    }

    /// <summary>A parsed answer, or why there is none.</summary>
    private sealed record JsonAnswer(JsonDocument? Json, string? Failure) : IDisposable
    {
        public void Dispose() => Json?.Dispose();
    }
}
