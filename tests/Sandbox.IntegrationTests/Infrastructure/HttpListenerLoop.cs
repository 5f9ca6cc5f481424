using System.Net;

namespace Sandbox.IntegrationTests.Infrastructure;

/// <summary>The accept loop of the tests' small loopback HTTP servers (an OIDC issuer, a registry, an OTLP collector).</summary>
internal static class HttpListenerLoop
{
    /// <summary>
    /// Hands each request to <paramref name="answer"/> until the listener is closed; <paramref name="concurrently"/> answers
    /// each on its own task (for servers that hold requests), otherwise one after another.
    /// </summary>
    public static async Task ServeAsync(HttpListener listener, Func<HttpListenerContext, Task> answer, bool concurrently = false)
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // closed
            }

            if (concurrently)
            {
                _ = Task.Run(() => answer(context));
            }
            else
            {
                await answer(context);
            }
        }
    }
}
