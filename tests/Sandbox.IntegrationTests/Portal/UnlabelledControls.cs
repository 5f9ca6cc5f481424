using Microsoft.Playwright;

namespace Sandbox.IntegrationTests.Portal;

/// <summary>
/// The visible form controls, buttons and links of a page that have no accessible name (no label, aria-label,
/// aria-labelledby, text or title): what a screen reader user would miss.
/// </summary>
internal static class UnlabelledControls
{
    public static async Task<IReadOnlyList<string>> FindAsync(IPage page) =>
        await page.EvaluateAsync<string[]>("""
            [...document.querySelectorAll('input, select, textarea, button, a[href]')]
              .filter(e => e.offsetParent !== null || e.closest('details[open]'))
              .filter(e => !(e.labels && e.labels.length > 0) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby')
                           && !(e.textContent || '').trim() && !e.getAttribute('title'))
              .map(e => e.outerHTML.slice(0, 120))
            """);
}
