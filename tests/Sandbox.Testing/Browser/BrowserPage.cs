using System.Collections.Concurrent;
using System.Text.Json;

namespace Sandbox.Testing.Browser;

/// <summary>One tab, driven over its own flattened DevTools session: navigate, run scripts as the page, read its cookies.</summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private static readonly TimeSpan NavigationTimeout = TimeSpan.FromSeconds(60);

    private readonly CdpSession _browser;
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _loadedDocuments = new();
    private readonly IDisposable _lifecycle;

    private BrowserPage(CdpSession browser, string targetId, CdpSession session)
    {
        _browser = browser;
        TargetId = targetId;
        Session = session;
        // Loads are recorded by loader id from the start, so a load that fires before Page.navigate answers is not missed.
        _lifecycle = session.Subscribe("Page.lifecycleEvent", e =>
        {
            if (e.GetProperty("name").GetString() == "load")
            {
                Loaded(e.GetProperty("loaderId").GetString()!).TrySetResult();
            }
        });
    }

    public string TargetId { get; }

    /// <summary>The page's own session, for commands these helpers do not cover.</summary>
    public CdpSession Session { get; }

    /// <summary>Opens a blank tab (in <paramref name="browserContextId"/>, else the default context) and attaches to it.</summary>
    internal static async Task<BrowserPage> OpenAsync(CdpConnection connection, CdpSession browser, string? browserContextId)
    {
        var created = browserContextId is null
            ? await browser.SendAsync("Target.createTarget", new { url = "about:blank" })
            : await browser.SendAsync("Target.createTarget", new { url = "about:blank", browserContextId });
        var targetId = created.GetProperty("targetId").GetString()!;
        var attached = await browser.SendAsync("Target.attachToTarget", new { targetId, flatten = true });
        var page = new BrowserPage(browser, targetId, new CdpSession(connection, attached.GetProperty("sessionId").GetString()));
        await page.Session.SendAsync("Page.enable");
        await page.Session.SendAsync("Page.setLifecycleEventsEnabled", new { enabled = true });
        await page.Session.SendAsync("Network.enable");
        return page;
    }

    /// <summary>Navigates the tab and returns once that document's load event fired.</summary>
    /// <exception cref="InvalidOperationException">The browser could not load the address (refused, DNS, blocked).</exception>
    public async Task NavigateAsync(Uri url)
    {
        var navigated = await Session.SendAsync("Page.navigate", new { url = url.AbsoluteUri });
        if (navigated.TryGetProperty("errorText", out var error) && !string.IsNullOrEmpty(error.GetString()))
        {
            throw new InvalidOperationException($"The browser could not navigate to {url}: {error.GetString()}");
        }

        if (!navigated.TryGetProperty("loaderId", out var loaderId))
        {
            // A same-document navigation (only the fragment changed): there is no new document to wait for.
            return;
        }

        try
        {
            await Loaded(loaderId.GetString()!).Task.WaitAsync(NavigationTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{url} did not fire its load event within {NavigationTimeout.TotalSeconds:0}s.");
        }
    }

    /// <summary>
    /// Evaluates <paramref name="expression"/> in the page's main frame, awaits it if it is a promise, and returns its
    /// value as JSON (undefined comes back as null).
    /// </summary>
    /// <exception cref="BrowserScriptException">The script threw or its promise rejected.</exception>
    public async Task<JsonElement> EvaluateAsync(string expression, TimeSpan? timeout = null)
    {
        var evaluated = await Session.SendAsync("Runtime.evaluate", new { expression, awaitPromise = true, returnByValue = true }, timeout);
        if (evaluated.TryGetProperty("exceptionDetails", out var details))
        {
            var text = details.TryGetProperty("exception", out var exception) && exception.TryGetProperty("description", out var description)
                ? description.GetString()
                : details.GetProperty("text").GetString();
            throw new BrowserScriptException($"The page's script failed: {text}\nScript: {expression}");
        }

        var result = evaluated.GetProperty("result");
        return result.TryGetProperty("value", out var value) ? value : JsonDocument.Parse("null").RootElement.Clone();
    }

    /// <summary>The cookies the browser would send to <paramref name="url"/>, HttpOnly ones included.</summary>
    public async Task<IReadOnlyList<BrowserCookie>> GetCookiesAsync(Uri url)
    {
        var answer = await Session.SendAsync("Network.getCookies", new { urls = new[] { url.AbsoluteUri } });
        return answer.GetProperty("cookies").EnumerateArray()
            .Select(c => new BrowserCookie(
                c.GetProperty("name").GetString()!,
                c.GetProperty("value").GetString()!,
                c.GetProperty("domain").GetString()!,
                c.GetProperty("path").GetString()!,
                c.GetProperty("httpOnly").GetBoolean(),
                c.GetProperty("secure").GetBoolean(),
                c.TryGetProperty("sameSite", out var sameSite) ? sameSite.GetString() : null))
            .ToList();
    }

    public async ValueTask DisposeAsync()
    {
        _lifecycle.Dispose();
        try
        {
            await _browser.SendAsync("Target.closeTarget", new { targetId = TargetId }, TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is CdpException or TimeoutException)
        {
            // The browser is already gone or closing; nothing is left to close.
        }
    }

    private TaskCompletionSource Loaded(string loaderId) =>
        _loadedDocuments.GetOrAdd(loaderId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
