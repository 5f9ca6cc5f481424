using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Sandbox.Orchestrator.Sessions;

/// <summary>
/// Asks a session's notebook server whether it answers (<c>GET {baseUrl}api/status</c> with its token), once its port
/// accepts connections at all.
/// </summary>
internal sealed class NotebookReadinessProbe(HttpClient http, INotebookPortCheck port, IOptions<ReconcilerOptions> options)
{
    /// <summary>Whether the notebook at <paramref name="endpoint"/> answers 200.</summary>
    public async Task<bool> IsReadyAsync(Uri endpoint, string sessionId, string token, CancellationToken cancellationToken)
    {
        if (!await port.IsListeningAsync(endpoint, options.Value.ReadinessRequestTimeout, cancellationToken))
        {
            return false;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.ReadinessRequestTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoint, $"/s/{sessionId}/api/status"));
        request.Headers.Authorization = new AuthenticationHeaderValue("token", token);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
