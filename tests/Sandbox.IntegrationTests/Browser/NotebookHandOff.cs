using Microsoft.Playwright;

namespace Sandbox.IntegrationTests.Browser;

/// <summary>
/// Opening a notebook from the portal as its card's button does: <c>/open/{id}</c> hands the browser over (through
/// redirects and the portal's own script) to the notebook's own origin, where Jupyter's page loads.
/// </summary>
internal static class NotebookHandOff
{
    /// <summary>Navigates to <paramref name="open"/> and waits until the page has loaded at an address starting with <paramref name="landing"/>; returns that address.</summary>
    public static async Task<string> OpenAsync(IPage page, Uri open, string landing, TimeSpan timeout)
    {
        // Only the first document's commit is awaited: the hand-off replaces it, possibly before its load event.
        await page.GotoAsync(open.AbsoluteUri, new() { WaitUntil = WaitUntilState.Commit });
        try
        {
            await page.WaitForURLAsync(url => url.StartsWith(landing, StringComparison.Ordinal),
                new() { WaitUntil = WaitUntilState.Load, Timeout = (float)timeout.TotalMilliseconds });
        }
        catch (TimeoutException e)
        {
            var shown = await page.EvaluateAsync<string>("document.body ? document.body.innerText.slice(0, 1000) : ''");
            throw new TimeoutException($"The page did not reach {landing} within {timeout.TotalSeconds:0}s; it is at {page.Url}, showing:\n{shown}", e);
        }

        return page.Url;
    }
}
