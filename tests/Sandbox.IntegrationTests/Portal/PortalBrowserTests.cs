using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Sandbox.IntegrationTests.Browser;
using Sandbox.Testing;
using Sandbox.Testing.Browser;

namespace Sandbox.IntegrationTests.Portal;

/// <summary>
/// The portal in headless Chromium against the real orchestrator, Docker engine and Jupyter: what each kind of user
/// does on it, end to end. The pictures of the README (docs/screenshots) are taken here.
/// </summary>
public sealed class PortalBrowserTests(SandboxFixture sandbox, ChromiumFixture chromium)
    : IClassFixture<SandboxFixture>, IClassFixture<ChromiumFixture>
{
    private const string Password = "member-password-1";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private Uri Orchestrator => sandbox.Orchestrator.BaseAddress;

    [Fact]
    public async Task An_analyst_sees_the_price_launches_with_a_dataset_watches_it_start_opens_it_shares_it_with_a_mentor_and_stops_it()
    {
        PortalBuild.EnsureBuilt();
        var (analystEmail, _, analystName) = await CreateMemberAsync("portal-analyst", "member");
        var (mentorEmail, mentorId, mentorName) = await CreateMemberAsync("portal-mentor", "member", "mentor");
        using var analystApi = await SandboxApi.SignInAsync(Orchestrator, analystEmail, Password);
        var small = (await analystApi.Http.GetFromJsonAsync<JsonElement>("/api/v1/sizes")).EnumerateArray().Single(s => s.GetProperty("id").GetString() == "small");
        var quota = await analystApi.Http.GetFromJsonAsync<JsonElement>("/api/v1/me/quota");

        await using var context = await chromium.Browser.NewContextAsync();
        await using var page = await context.NewPageAsync();
        await page.SetViewportAsync(1280, 900);

        // 1. The sign-in page, in Korean first.
        await page.NavigateAsync(Orchestrator);
        await page.WaitForSelectorAsync("#signin-email");
        Assert.Equal("ko", (await page.EvaluateAsync("document.documentElement.lang")).GetString());
        await page.ScreenshotAsync(PortalScreenshots.PathOf("sign-in"));
        await SignInAsync(page, analystEmail);
        await page.WaitForTextAsync("[data-testid=signed-in-as]", analystName, "the analyst's display name in the header (from GET /api/v1/me)");

        // 2. The price at my tier and my remaining budget, before launching.
        var price = await page.WaitForAsync("document.querySelector('[data-testid=launch-price]')?.textContent", what: "the price before launch");
        Assert.Contains(Won(small.GetProperty("krwPerHour").GetDecimal()), price.GetString(), StringComparison.Ordinal);
        Assert.Contains(Won(quota.GetProperty("remainingBudgetKrw").GetDecimal()), price.GetString(), StringComparison.Ordinal);

        // 3. Launch with the dataset; the progress bar climbs to 100 as the notebook comes up.
        await page.ChooseAsync("#launch-size", "small");
        await page.ClickAsync("#launch-dataset-shops");
        await page.ClickAsync("section[aria-labelledby=launch-heading] button[type=submit]");
        var id = (await page.WaitForAsync("document.querySelector('li[data-session]')?.dataset.session", what: "the launched session")).GetString()!;
        var card = $"li[data-session='{id}']";
        var seen = new SortedSet<int>();
        var deadline = DateTime.UtcNow + StartTimeout;
        string? state;
        do
        {
            var now = await page.EvaluateAsync($"(() => {{ const c = document.querySelector({PortalDriver.Js(card)}); const bar = c?.querySelector('[role=progressbar]'); return {{ state: c?.dataset.state ?? null, value: bar ? Number(bar.getAttribute('aria-valuenow')) : null }}; }})()");
            state = now.GetProperty("state").GetString();
            if (now.GetProperty("value").ValueKind == JsonValueKind.Number)
            {
                seen.Add(now.GetProperty("value").GetInt32());
            }

            if (state is "running" or "failed")
            {
                break;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        Assert.True(state == "running", $"The session is {state}, progress seen {string.Join(",", seen)}: {await analystApi.GetSessionAsync(id)}\n{sandbox.Orchestrator.Tail()}");
        Assert.Equal("100", await page.AttributeAsync($"{card} [role=progressbar]", "aria-valuenow"));
        Assert.Equal("실행 중", await page.TextAsync($"{card} [data-testid=session-state]"));
        Assert.Contains("shops@1", await page.TextAsync(card), StringComparison.Ordinal);
        await page.ScreenshotAsync(PortalScreenshots.PathOf("analyst"));
        Assert.Empty(await page.UnlabelledControlsAsync());

        // 4. On a phone (360 px wide) the page fits its width.
        await page.SetViewportAsync(360, 800, mobile: true);
        await page.WaitForAsync("document.documentElement.scrollWidth <= 360", TimeSpan.FromSeconds(5), "no horizontal scrolling at 360 px");
        await page.ScreenshotAsync(PortalScreenshots.PathOf("analyst-phone"));
        await page.SetViewportAsync(1280, 900);

        // 5. Open the notebook: the portal hands over to the notebook's own origin, where Jupyter answers through the proxy
        //    with that origin's cookie; the portal's cookie never goes there.
        var openHref = await page.AttributeAsync($"{card} [data-testid=open-notebook]", "href");
        Assert.Equal($"/open/{id}", openHref);
        var notebookOrigin = $"http://{id}.nb.localhost:{sandbox.Orchestrator.Port}";
        await using (var notebook = await context.NewPageAsync())
        {
            await notebook.NavigateAsync(new Uri(Orchestrator, openHref));
            await notebook.WaitForLocationAsync(notebookOrigin, $"/s/{id}/", StartTimeout);
            var status = await notebook.FetchAsync("GET", $"/s/{id}/api/status");
            Assert.True(status.Status == 200, $"Jupyter through the proxy as the analyst: {status}");
            // Jupyter's own page (its file browser), not the portal.
            Assert.Contains("notebook", (await notebook.EvaluateAsync("document.title")).GetString(), StringComparison.OrdinalIgnoreCase);
            Assert.Equal(JsonValueKind.False, (await notebook.EvaluateAsync("document.getElementById('root') !== null")).ValueKind);
            var cookies = await notebook.GetCookiesAsync(new Uri($"{notebookOrigin}/s/{id}/"));
            Assert.DoesNotContain(cookies, c => c.Name.Contains("sandbox.auth", StringComparison.Ordinal) || c.Name.Contains("sandbox.csrf", StringComparison.Ordinal));
            var own = Assert.Single(cookies, c => c.Name == "sandbox.nb");
            Assert.True(own.HttpOnly, "the notebook cookie is HttpOnly");
            Assert.Equal($"{id}.nb.localhost", own.Domain);
        }

        // 6. Share it with a mentor picked by name (the list is GET /api/v1/mentors), who finds it on their page with the
        //    owner's name and the time left, and opens it.
        var picker = $"#share-{id}-member";
        var option = await page.WaitForAsync(
            $"[...(document.querySelector({PortalDriver.Js(picker)})?.options ?? [])].find(o => o.textContent === {PortalDriver.Js(mentorName)})?.value",
            what: $"{mentorName} among the mentors to invite");
        Assert.Equal(mentorId, option.GetString());
        await page.ChooseAsync(picker, option.GetString()!);
        await page.ClickAsync($"{card} form.share button[type=submit]");
        await page.WaitForTextAsync($"{card} form.share [role=status]", mentorName, "the share confirmation naming the mentor");
        await page.WaitForTextAsync($"{card} [data-testid=active-shares]", mentorName, "the mentor among the session's active shares");

        await using (var mentorContext = await chromium.Browser.NewContextAsync())
        await using (var mentorPage = await mentorContext.NewPageAsync())
        {
            await mentorPage.SetViewportAsync(1280, 900);
            await mentorPage.NavigateAsync(new Uri(Orchestrator, "/mentor"));
            await SignInAsync(mentorPage, mentorEmail);
            var shared = $"li[data-session='{id}']";
            await mentorPage.WaitForSelectorAsync($"{shared}[data-state=running] [data-testid=open-notebook]");
            Assert.Contains(mentorName, await mentorPage.TextAsync("[data-testid=signed-in-as]"), StringComparison.Ordinal);
            // The card comes with the session list; the owner's name comes with the shares, which may land a moment later.
            await mentorPage.WaitForTextAsync(shared, analystName, $"the owner {analystName} on the shared session's card");
            // Shared for the default 120 minutes a moment ago (GET /api/v1/me/shares): 1 h 5x min or 2 h 0 min left.
            var timeLeft = (await mentorPage.WaitForAsync(
                $"document.querySelector({PortalDriver.Js(shared + " [data-testid=time-left]")})?.textContent.match(/공유 남은 시간 (1시간 5\\d분|2시간 0분)/)?.[0]",
                what: "the time left on the share")).GetString();
            Assert.NotNull(timeLeft);
            await mentorPage.ScreenshotAsync(PortalScreenshots.PathOf("mentor"));
            var href = await mentorPage.AttributeAsync($"{shared} [data-testid=open-notebook]", "href");
            await using var mentorNotebook = await mentorContext.NewPageAsync();
            await mentorNotebook.NavigateAsync(new Uri(Orchestrator, href));
            await mentorNotebook.WaitForLocationAsync(notebookOrigin, $"/s/{id}/", StartTimeout);
            var status = await mentorNotebook.FetchAsync("GET", $"/s/{id}/api/status");
            Assert.True(status.Status == 200, $"Jupyter through the proxy as the mentor: {status}");
        }

        // 7. Stop: the card goes to stopping, then stopped (the server agrees).
        await page.ClickAsync($"{card} button.danger");
        await page.WaitForSelectorAsync($"{card}[data-state=stopped]", StartTimeout);
        Assert.Equal("stopped", (await analystApi.GetSessionAsync(id)).GetProperty("state").GetString());

        // 8. English is one click away, and remembered.
        await page.ClickAsync("header .tools button[lang=en]");
        await page.WaitForAsync("document.documentElement.lang === 'en'", what: "lang=en");
        await page.NavigateAsync(Orchestrator);
        await page.WaitForSelectorAsync("[data-testid=launch-price]");
        Assert.Equal("en", (await page.EvaluateAsync("document.documentElement.lang")).GetString());
        Assert.Equal("My notebooks", await page.TextAsync("main h1"));
    }

    [Fact]
    public async Task Billing_staff_see_usage_by_member_open_an_invoice_and_download_the_month_as_csv()
    {
        PortalBuild.EnsureBuilt();

        // 1. Some usage this month: a session that ran and stopped.
        var (analystEmail, analystId, analystName) = await CreateMemberAsync("portal-billed", "member");
        using (var analyst = await SandboxApi.SignInAsync(Orchestrator, analystEmail, Password))
        {
            var session = (await analyst.LaunchAsync()).GetProperty("id").GetString()!;
            await analyst.WaitForStateAsync(session, StartTimeout, "running");
            await Task.Delay(1000);
            Assert.Equal(System.Net.HttpStatusCode.Accepted, (await analyst.Http.DeleteAsync(new Uri($"/api/v1/sessions/{session}", UriKind.Relative))).StatusCode);
            await analyst.WaitForStateAsync(session, StartTimeout, "stopped");
        }

        var (billingEmail, _, _) = await CreateMemberAsync("portal-billing", "member", "billing");
        var downloads = Directory.CreateTempSubdirectory("sandbox-portal-downloads-");
        await using var context = await chromium.Browser.NewContextAsync();
        await chromium.Browser.Session.SendAsync("Browser.setDownloadBehavior",
            new { behavior = "allow", browserContextId = context.Id, downloadPath = downloads.FullName });
        await using var page = await context.NewPageAsync();
        await page.SetViewportAsync(1280, 900);
        await page.NavigateAsync(new Uri(Orchestrator, "/billing"));
        await SignInAsync(page, billingEmail);

        // 2. The month's usage by member, charted, and the member's invoice, opened to its lines.
        var row = $"tr[data-invoice='{analystId}']";
        await page.WaitForSelectorAsync(row);
        await page.WaitForAsync("document.querySelectorAll('svg.chart rect').length > 0", what: "a bar in the usage chart");
        await page.WaitForTextAsync("section[aria-labelledby=usage-heading]", analystName, "the member's name in usage by member (not their id)");
        Assert.Contains(analystEmail, await page.TextAsync("section[aria-labelledby=usage-heading]"), StringComparison.Ordinal);
        Assert.Contains(analystName, await page.TextAsync(row), StringComparison.Ordinal);
        Assert.DoesNotContain(analystId, await page.TextAsync(row), StringComparison.Ordinal);

        //    The invoice list searches by name and e-mail.
        await page.TypeAsync("#invoice-search", "no-such-member-anywhere");
        await page.WaitForAsync($"document.querySelector({PortalDriver.Js(row)}) === null", what: "the analyst's invoice hidden by a search that does not match");
        await page.TypeAsync("#invoice-search", analystEmail); // replaces what was typed
        await page.WaitForSelectorAsync(row);
        Assert.Equal("false", await page.AttributeAsync($"{row} button", "aria-expanded"));
        await page.ClickAsync($"{row} button");
        await page.WaitForSelectorAsync("[data-testid=invoice-lines] tbody tr");
        Assert.Equal("true", await page.AttributeAsync($"{row} button", "aria-expanded"));
        Assert.Contains("CPU", await page.TextAsync("[data-testid=invoice-lines]"), StringComparison.Ordinal);
        Assert.Contains("₩", await page.TextAsync(row), StringComparison.Ordinal);
        //    The member's totals over six months, by name, ending with this month.
        await page.WaitForSelectorAsync($"[data-member-months='{analystId}']");
        Assert.Contains(analystName, await page.TextAsync($"[data-member-months='{analystId}']"), StringComparison.Ordinal);
        Assert.Equal(6 + 2, (await page.EvaluateAsync("document.querySelectorAll('[data-testid=month-over-month] thead th').length")).GetInt32());
        await page.ScreenshotAsync(PortalScreenshots.PathOf("billing"));
        Assert.Empty(await page.UnlabelledControlsAsync());

        // 3. The CSV export lands as a file, the API's own CSV.
        var month = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        await page.ClickAsync("section[aria-labelledby=invoices-heading] .section-head button");
        var csv = Path.Combine(downloads.FullName, $"invoices-{month}.csv");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!File.Exists(csv) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.True(File.Exists(csv), $"No {csv}; the folder holds: {string.Join(", ", downloads.GetFiles().Select(f => f.Name))}");
        Assert.Contains(analystId, await File.ReadAllTextAsync(csv), StringComparison.Ordinal);
        downloads.Delete(recursive: true);
    }

    [Fact]
    public async Task An_admin_publishes_a_dataset_from_the_portal_and_sees_it_go_published()
    {
        PortalBuild.EnsureBuilt();
        var name = $"portal-{Guid.NewGuid():N}"[..15];
        var archive = Path.Combine(Path.GetTempPath(), $"{name}.tar.gz");
        await File.WriteAllBytesAsync(archive, SandboxApi.TarGz(new Dictionary<string, string> { ["markets.csv"] = "market,district\nJungang,Jung-gu\n" }));

        await using var context = await chromium.Browser.NewContextAsync();
        await using var page = await context.NewPageAsync();
        await page.SetViewportAsync(1280, 900);
        await page.NavigateAsync(new Uri(Orchestrator, "/admin"));
        await SignInAsync(page, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        await page.WaitForSelectorAsync("tr[data-dataset=shops]");

        await page.TypeAsync("#publish-name", name);
        await page.TypeAsync("#publish-version", "1");
        await page.TypeAsync("#publish-titleKo", "전통시장 목록");
        await page.TypeAsync("#publish-titleEn", "Traditional markets");
        await page.TypeAsync("#publish-descriptionKo", "구별 전통시장 이름");
        await page.AttachFileAsync("#publish-archive", archive);
        await page.ClickAsync("section[aria-labelledby=publish-heading] button[type=submit]");

        await page.WaitForSelectorAsync($"tr[data-dataset='{name}'] li[data-version='1'][data-status=published]", StartTimeout);
        Assert.Contains("전통시장 목록", await page.TextAsync($"tr[data-dataset='{name}']"), StringComparison.Ordinal);
        var dataset = await sandbox.Admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/datasets/{name}");
        Assert.Equal("published", dataset.GetProperty("versions")[0].GetProperty("status").GetString());
        await page.ScreenshotAsync(PortalScreenshots.PathOf("admin"));
        Assert.Empty(await page.UnlabelledControlsAsync());
        File.Delete(archive);
    }

    internal static async Task SignInAsync(BrowserPage page, string email, string password = Password)
    {
        await page.TypeAsync("#signin-email", email);
        await page.TypeAsync("#signin-password", password);
        await page.ClickAsync("form button[type=submit]");
        await page.WaitForSelectorAsync("header nav");
    }

    /// <summary>A member with a display name of their own (name and a random suffix), so pages can be searched for it.</summary>
    private async Task<(string Email, string Id, string DisplayName)> CreateMemberAsync(string name, string tier, params string[] roles)
    {
        var suffix = Guid.NewGuid().ToString("N");
        var email = $"{name}-{suffix}@sandbox.test";
        var displayName = $"{name} {suffix[..6]}";
        var response = await sandbox.Admin.Http.PostAsJsonAsync("/api/v1/members", new { email, password = Password, displayName, tier, roles });
        Assert.True(response.IsSuccessStatusCode, $"Creating {email}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (email, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!, displayName);
    }

    /// <summary>Whole won as the portal writes them (Intl ko-KR currency): ₩1,234.</summary>
    private static string Won(decimal amount) =>
        "₩" + Math.Round(amount, 0, MidpointRounding.AwayFromZero).ToString("N0", CultureInfo.InvariantCulture);
}
