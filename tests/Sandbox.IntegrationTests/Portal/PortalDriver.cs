using System.Text.Json;
using Sandbox.Testing.Browser;

namespace Sandbox.IntegrationTests.Portal;

/// <summary>
/// What a person does on the portal, over the repository's own DevTools client: wait for something to show, click,
/// type (as keyboard input, so React sees real input events), choose, attach a file, resize, take a screenshot.
/// </summary>
internal static class PortalDriver
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(30);

    /// <summary>Waits until <paramref name="condition"/> (a JavaScript expression) is truthy; returns its last value.</summary>
    public static async Task<JsonElement> WaitForAsync(this BrowserPage page, string condition, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultWait);
        JsonElement value;
        do
        {
            try
            {
                value = await page.EvaluateAsync($"(() => {{ try {{ return {condition}; }} catch {{ return null; }} }})()");
            }
            catch (CdpException)
            {
                // The page is between documents (a redirect to another origin destroyed the one being asked): ask again.
                value = default;
            }

            if (value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined or JsonValueKind.False) && !(value.ValueKind == JsonValueKind.String && value.GetString() == ""))
            {
                return value;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        var text = (await page.EvaluateAsync("document.body ? document.body.innerText.slice(0, 2000) : ''")).GetString();
        throw new TimeoutException($"Waited {(timeout ?? DefaultWait).TotalSeconds:0}s for {what ?? condition}. The page shows:\n{text}");
    }

    /// <summary>
    /// Waits until the page has landed at <paramref name="origin"/> under <paramref name="pathPrefix"/> and loaded there (after
    /// redirects across origins, such as the portal's hand-off into a notebook's own origin).
    /// </summary>
    public static Task WaitForLocationAsync(this BrowserPage page, string origin, string pathPrefix, TimeSpan? timeout = null) =>
        page.WaitForAsync($"location.origin === {Js(origin)} && location.pathname.startsWith({Js(pathPrefix)}) && document.readyState === 'complete'",
            timeout, $"the page at {origin}{pathPrefix}");

    public static Task WaitForSelectorAsync(this BrowserPage page, string selector, TimeSpan? timeout = null) =>
        page.WaitForAsync($"document.querySelector({Js(selector)}) !== null", timeout, selector);

    /// <summary>Waits until the element <paramref name="selector"/> finds shows <paramref name="text"/> (what arrives a moment after the element does).</summary>
    public static Task WaitForTextAsync(this BrowserPage page, string selector, string text, string what) =>
        page.WaitForAsync($"document.querySelector({Js(selector)})?.textContent.includes({Js(text)})", what: what);

    public static async Task ClickAsync(this BrowserPage page, string selector)
    {
        await page.WaitForSelectorAsync(selector);
        await page.EvaluateAsync($"document.querySelector({Js(selector)}).click()");
    }

    /// <summary>Focuses the field, selects what it holds and types over it.</summary>
    public static async Task TypeAsync(this BrowserPage page, string selector, string text)
    {
        await page.WaitForSelectorAsync(selector);
        await page.EvaluateAsync($"(() => {{ const e = document.querySelector({Js(selector)}); e.focus(); e.select && e.select(); }})()");
        await page.Session.SendAsync("Input.insertText", new { text });
    }

    /// <summary>Chooses an option of a select as a person would (the change event React listens to).</summary>
    public static async Task ChooseAsync(this BrowserPage page, string selector, string value)
    {
        await page.WaitForSelectorAsync(selector);
        await page.EvaluateAsync($$"""
            (() => {
              const e = document.querySelector({{Js(selector)}});
              Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set.call(e, {{Js(value)}});
              e.dispatchEvent(new Event('change', { bubbles: true }));
            })()
            """);
    }

    /// <summary>Attaches a file to a file input (what choosing it in the file dialog does).</summary>
    public static async Task AttachFileAsync(this BrowserPage page, string selector, string path)
    {
        await page.WaitForSelectorAsync(selector);
        var document = await page.Session.SendAsync("DOM.getDocument", new { depth = 0 });
        var node = await page.Session.SendAsync("DOM.querySelector", new { nodeId = document.GetProperty("root").GetProperty("nodeId").GetInt32(), selector });
        await page.Session.SendAsync("DOM.setFileInputFiles", new { files = new[] { path }, nodeId = node.GetProperty("nodeId").GetInt32() });
    }

    public static async Task<string> TextAsync(this BrowserPage page, string selector)
    {
        await page.WaitForSelectorAsync(selector);
        return (await page.EvaluateAsync($"document.querySelector({Js(selector)}).textContent")).GetString() ?? "";
    }

    public static async Task<string?> AttributeAsync(this BrowserPage page, string selector, string name) =>
        (await page.EvaluateAsync($"document.querySelector({Js(selector)})?.getAttribute({Js(name)}) ?? null")).GetString();

    /// <summary>The viewport of a laptop (1280 wide) or a phone (360 wide, touch, device scale 2).</summary>
    public static async Task SetViewportAsync(this BrowserPage page, int width, int height, bool mobile = false) =>
        await page.Session.SendAsync("Emulation.setDeviceMetricsOverride", new { width, height, deviceScaleFactor = mobile ? 2 : 1, mobile });

    /// <summary>Saves the whole page (up to 2,400 CSS pixels tall) as a PNG.</summary>
    public static async Task ScreenshotAsync(this BrowserPage page, string path)
    {
        // Animations (the progress bar's) finish first, so the picture shows what the page settled on.
        await Task.Delay(500);
        var metrics = await page.Session.SendAsync("Page.getLayoutMetrics");
        var content = metrics.GetProperty("cssContentSize");
        var viewport = metrics.GetProperty("cssLayoutViewport");
        var shot = await page.Session.SendAsync("Page.captureScreenshot", new
        {
            format = "png",
            captureBeyondViewport = true,
            clip = new
            {
                x = 0,
                y = 0,
                width = viewport.GetProperty("clientWidth").GetDouble(),
                height = Math.Min(2400, Math.Max(content.GetProperty("height").GetDouble(), viewport.GetProperty("clientHeight").GetDouble())),
                scale = 1,
            },
        });
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, Convert.FromBase64String(shot.GetProperty("data").GetString()!));
    }

    /// <summary>
    /// The visible form controls and buttons that have no accessible name (no label, aria-label, aria-labelledby or
    /// text), and the page's language: what a screen reader user would miss.
    /// </summary>
    public static async Task<IReadOnlyList<string>> UnlabelledControlsAsync(this BrowserPage page)
    {
        var found = await page.EvaluateAsync("""
            [...document.querySelectorAll('input, select, textarea, button, a[href]')]
              .filter(e => e.offsetParent !== null || e.closest('details[open]'))
              .filter(e => !(e.labels && e.labels.length > 0) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby')
                           && !(e.textContent || '').trim() && !e.getAttribute('title'))
              .map(e => e.outerHTML.slice(0, 120))
            """);
        return found.EnumerateArray().Select(e => e.GetString()!).ToList();
    }

    /// <summary>A value as a JavaScript literal (JSON is one).</summary>
    public static string Js(string value) => JsonSerializer.Serialize(value);
}
