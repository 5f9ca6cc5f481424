using System.Net;

namespace Sandbox.Testing;

/// <summary>Polling an HTTP address until it answers 200, for benchmarks that time how long that takes.</summary>
public static class HttpPolling
{
    /// <summary>
    /// Asks <paramref name="uri"/> every <paramref name="interval"/> until it answers 200 OK; refused connections and timeouts
    /// count as "not yet". The interval is part of what is measured (both paths of a benchmark poll alike): a starting
    /// notebook offers no event to wait for. Throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.
    /// </summary>
    public static async Task UntilOkAsync(HttpClient http, Uri uri, TimeSpan interval, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(http);
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync(uri);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }

            await Task.Delay(interval); // the poll interval (see above)
        }

        throw new TimeoutException($"{uri} did not answer within {timeout.TotalSeconds:0} s");
    }
}
