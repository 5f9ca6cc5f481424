using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Sandbox.IntegrationTests.Browser;
using Sandbox.Testing;
using static Microsoft.Playwright.Assertions;

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

    /// <summary>The window of a laptop, the size of the README's screenshots.</summary>
    private static readonly BrowserNewContextOptions Laptop = new() { ViewportSize = new() { Width = 1280, Height = 900 } };

    /// <summary>A phone: 360 CSS pixels wide, touch, device scale 2.</summary>
    private static readonly BrowserNewContextOptions Phone = new()
    {
        ViewportSize = new() { Width = 360, Height = 800 },
        DeviceScaleFactor = 2,
        IsMobile = true,
        HasTouch = true,
    };

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

        await using var context = await chromium.Browser.NewContextAsync(Laptop);
        var page = await context.NewPageAsync();

        // 1. The sign-in page, in Korean first.
        await page.GotoAsync(Orchestrator.AbsoluteUri);
        await Expect(page.Locator("#signin-email")).ToBeVisibleAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ko");
        await PortalScreenshots.TakeAsync(page, "sign-in");
        await SignInAsync(page, analystEmail);
        await Expect(page.GetByTestId("signed-in-as"), "the analyst's display name in the header (from GET /api/v1/me)").ToContainTextAsync(analystName);

        // 2. The price at my tier and my remaining budget, before launching.
        var price = page.GetByTestId("launch-price");
        await Expect(price).ToContainTextAsync(Won(small.GetProperty("krwPerHour").GetDecimal()));
        await Expect(price).ToContainTextAsync(Won(quota.GetProperty("remainingBudgetKrw").GetDecimal()));

        // 3. Both notebook images are built here, so both profiles are offered; launch Python with the dataset, and the
        //    progress bar climbs to 100 as the notebook comes up.
        await Expect(page.Locator("#launch-profile option")).ToHaveTextAsync(["Python 3 (pandas, matplotlib)", ".NET Interactive (C#, F#)"]);
        await page.Locator("#launch-profile").SelectOptionAsync("python");
        await page.Locator("#launch-size").SelectOptionAsync("small");
        await page.Locator("#launch-dataset-shops").ClickAsync();
        await page.Locator("section[aria-labelledby=launch-heading] button[type=submit]").ClickAsync();
        var launched = page.Locator("li[data-session]");
        await Expect(launched, "the launched session").ToHaveCountAsync(1);
        var id = (await launched.GetAttributeAsync("data-session"))!;
        var card = page.Locator($"li[data-session='{id}']");
        await Expect(card).ToHaveAttributeAsync("data-state", new Regex("^(running|failed)$"), new() { Timeout = Milliseconds(StartTimeout) });
        var state = await card.GetAttributeAsync("data-state");
        Assert.True(state == "running", $"The session is {state}: {await analystApi.GetSessionAsync(id)}\n{sandbox.Orchestrator.Tail()}");
        await Expect(card.Locator("[role=progressbar]")).ToHaveAttributeAsync("aria-valuenow", "100");
        await Expect(card.GetByTestId("session-state")).ToHaveTextAsync("실행 중");
        await Expect(card).ToContainTextAsync("shops@1");
        await PortalScreenshots.TakeAsync(page, "analyst");
        Assert.Empty(await UnlabelledControls.FindAsync(page));

        // 4. On a phone (360 px wide, touch, device scale 2) the page fits its width. Playwright emulates a device per
        //    context, so the analyst signs in on the phone as a person would there.
        await using (var phone = await chromium.Browser.NewContextAsync(Phone))
        {
            var phonePage = await phone.NewPageAsync();
            await phonePage.GotoAsync(Orchestrator.AbsoluteUri);
            await SignInAsync(phonePage, analystEmail);
            await Expect(phonePage.Locator($"li[data-session='{id}'][data-state=running]")).ToBeVisibleAsync();
            var width = await phonePage.EvaluateAsync<int>("document.documentElement.scrollWidth");
            Assert.True(width <= 360, $"The page scrolls sideways at 360 px: it is {width} px wide.");
            await PortalScreenshots.TakeAsync(phonePage, "analyst-phone");
        }

        // 5. Open the notebook: the portal hands over to the notebook's own origin, where Jupyter answers through the proxy
        //    with that origin's cookie; the portal's cookie never goes there.
        var openHref = await card.GetByTestId("open-notebook").GetAttributeAsync("href");
        Assert.Equal($"/open/{id}", openHref);
        var notebookOrigin = $"http://{id}.nb.localhost:{sandbox.Orchestrator.Port}";
        var notebook = await context.NewPageAsync();
        await NotebookHandOff.OpenAsync(notebook, new Uri(Orchestrator, openHref), $"{notebookOrigin}/s/{id}/", StartTimeout);
        var status = await notebook.FetchAsync("GET", $"/s/{id}/api/status");
        Assert.True(status.Status == 200, $"Jupyter through the proxy as the analyst: {status}");
        // Jupyter's own page (its file browser), not the portal.
        Assert.Contains("notebook", await notebook.TitleAsync(), StringComparison.OrdinalIgnoreCase);
        await Expect(notebook.Locator("#root")).ToHaveCountAsync(0);
        var cookies = await context.CookiesAsync($"{notebookOrigin}/s/{id}/");
        Assert.DoesNotContain(cookies, c => c.Name.Contains("sandbox.auth", StringComparison.Ordinal) || c.Name.Contains("sandbox.csrf", StringComparison.Ordinal));
        var own = Assert.Single(cookies, c => c.Name == "sandbox.nb");
        Assert.True(own.HttpOnly, "the notebook cookie is HttpOnly");
        Assert.Equal($"{id}.nb.localhost", own.Domain);
        await notebook.CloseAsync();

        // 6. Share it with a mentor picked by name (the list is GET /api/v1/mentors), who finds it on their page with the
        //    owner's name and the time left, and opens it.
        var picker = page.Locator($"#share-{id}-member");
        var mentorOption = picker.Locator("option").Filter(new() { HasTextRegex = new Regex($"^{Regex.Escape(mentorName)}$") });
        await Expect(mentorOption, $"{mentorName} among the mentors to invite").ToHaveAttributeAsync("value", mentorId);
        await picker.SelectOptionAsync(mentorId);
        await card.Locator("form.share button[type=submit]").ClickAsync();
        await Expect(card.Locator("form.share [role=status]"), "the share confirmation naming the mentor").ToContainTextAsync(mentorName);
        await Expect(card.GetByTestId("active-shares"), "the mentor among the session's active shares").ToContainTextAsync(mentorName);

        await using (var mentorContext = await chromium.Browser.NewContextAsync(Laptop))
        {
            var mentorPage = await mentorContext.NewPageAsync();
            await mentorPage.GotoAsync(new Uri(Orchestrator, "/mentor").AbsoluteUri);
            await SignInAsync(mentorPage, mentorEmail);
            var shared = mentorPage.Locator($"li[data-session='{id}']");
            await Expect(mentorPage.Locator($"li[data-session='{id}'][data-state=running]").GetByTestId("open-notebook")).ToBeVisibleAsync();
            await Expect(mentorPage.GetByTestId("signed-in-as")).ToContainTextAsync(mentorName);
            // The card comes with the session list; the owner's name comes with the shares, which may land a moment later.
            await Expect(shared, $"the owner {analystName} on the shared session's card").ToContainTextAsync(analystName);
            // Shared for the default 120 minutes a moment ago (GET /api/v1/me/shares): 1 h 5x min or 2 h 0 min left.
            await Expect(shared.GetByTestId("time-left"), "the time left on the share").ToHaveTextAsync(new Regex("공유 남은 시간 (1시간 5\\d분|2시간 0분)"));
            await PortalScreenshots.TakeAsync(mentorPage, "mentor");
            var href = await shared.GetByTestId("open-notebook").GetAttributeAsync("href");
            var mentorNotebook = await mentorContext.NewPageAsync();
            await NotebookHandOff.OpenAsync(mentorNotebook, new Uri(Orchestrator, href), $"{notebookOrigin}/s/{id}/", StartTimeout);
            var mentorStatus = await mentorNotebook.FetchAsync("GET", $"/s/{id}/api/status");
            Assert.True(mentorStatus.Status == 200, $"Jupyter through the proxy as the mentor: {mentorStatus}");
        }

        // 7. Stop: the card goes to stopping, then stopped (the server agrees).
        await card.Locator("button.danger").ClickAsync();
        await Expect(card).ToHaveAttributeAsync("data-state", "stopped", new() { Timeout = Milliseconds(StartTimeout) });
        Assert.Equal("stopped", (await analystApi.GetSessionAsync(id)).GetProperty("state").GetString());

        // 8. English is one click away, and remembered.
        await page.Locator("header .tools button[lang=en]").ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await page.GotoAsync(Orchestrator.AbsoluteUri);
        await Expect(page.GetByTestId("launch-price")).ToBeVisibleAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator("main h1")).ToHaveTextAsync("My notebooks");
    }

    [Fact]
    public async Task Billing_staff_see_usage_by_member_open_an_invoice_and_download_the_month_as_csv()
    {
        PortalBuild.EnsureBuilt();

        // 1. Some usage this month: a session that ran and stopped. Its usage runs from ready to the stop request, which
        //    is sent after the API has reported it running, so it is never empty.
        var (analystEmail, analystId, analystName) = await CreateMemberAsync("portal-billed", "member");
        using (var analyst = await SandboxApi.SignInAsync(Orchestrator, analystEmail, Password))
        {
            var session = (await analyst.LaunchAsync()).GetProperty("id").GetString()!;
            await analyst.WaitForStateAsync(session, StartTimeout, "running");
            Assert.Equal(System.Net.HttpStatusCode.Accepted, (await analyst.Http.DeleteAsync(new Uri($"/api/v1/sessions/{session}", UriKind.Relative))).StatusCode);
            await analyst.WaitForStateAsync(session, StartTimeout, "stopped");
        }

        var (billingEmail, _, _) = await CreateMemberAsync("portal-billing", "member", "billing");
        await using var context = await chromium.Browser.NewContextAsync(Laptop);
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(Orchestrator, "/billing").AbsoluteUri);
        await SignInAsync(page, billingEmail);

        // 2. The month's usage by member, charted, and the member's invoice, opened to its lines.
        var row = page.Locator($"tr[data-invoice='{analystId}']");
        var usage = page.Locator("section[aria-labelledby=usage-heading]");
        await Expect(row).ToBeVisibleAsync();
        await Expect(page.Locator("svg.chart rect").First, "a bar in the usage chart").ToBeAttachedAsync();
        await Expect(usage, "the member's name in usage by member (not their id)").ToContainTextAsync(analystName);
        await Expect(usage).ToContainTextAsync(analystEmail);
        await Expect(row).ToContainTextAsync(analystName);
        await Expect(row).Not.ToContainTextAsync(analystId);

        //    The invoice list searches by name and e-mail.
        var search = page.Locator("#invoice-search");
        await search.FillAsync("no-such-member-anywhere");
        await Expect(row, "the analyst's invoice hidden by a search that does not match").ToHaveCountAsync(0);
        await search.FillAsync(analystEmail); // replaces what was typed
        await Expect(row).ToBeVisibleAsync();
        var expand = row.Locator("button");
        await Expect(expand).ToHaveAttributeAsync("aria-expanded", "false");
        await expand.ClickAsync();
        var lines = page.GetByTestId("invoice-lines");
        await Expect(lines.Locator("tbody tr").First).ToBeVisibleAsync();
        await Expect(expand).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(lines).ToContainTextAsync("CPU");
        await Expect(row).ToContainTextAsync("₩");
        //    The member's totals over six months, by name, ending with this month.
        await Expect(page.Locator($"[data-member-months='{analystId}']")).ToContainTextAsync(analystName);
        await Expect(page.Locator("[data-testid=month-over-month] thead th")).ToHaveCountAsync(6 + 2);
        await PortalScreenshots.TakeAsync(page, "billing");
        Assert.Empty(await UnlabelledControls.FindAsync(page));

        // 3. The CSV export lands as a file named for the month, the API's own CSV.
        var month = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("section[aria-labelledby=invoices-heading] .section-head button").ClickAsync());
        Assert.Equal($"invoices-{month}.csv", download.SuggestedFilename);
        Assert.Null(await download.FailureAsync());
        Assert.Contains(analystId, await File.ReadAllTextAsync(await download.PathAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_publishes_a_dataset_from_the_portal_and_sees_it_go_published()
    {
        PortalBuild.EnsureBuilt();
        var name = $"portal-{Guid.NewGuid():N}"[..15];
        var archive = Path.Combine(Path.GetTempPath(), $"{name}.tar.gz");
        await File.WriteAllBytesAsync(archive, SandboxApi.TarGz(new Dictionary<string, string> { ["markets.csv"] = "market,district\nJungang,Jung-gu\n" }));

        await using var context = await chromium.Browser.NewContextAsync(Laptop);
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(Orchestrator, "/admin").AbsoluteUri);
        await SignInAsync(page, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        await Expect(page.Locator("tr[data-dataset=shops]")).ToBeVisibleAsync();

        await page.Locator("#publish-name").FillAsync(name);
        await page.Locator("#publish-version").FillAsync("1");
        await page.Locator("#publish-titleKo").FillAsync("전통시장 목록");
        await page.Locator("#publish-titleEn").FillAsync("Traditional markets");
        await page.Locator("#publish-descriptionKo").FillAsync("구별 전통시장 이름");
        await page.Locator("#publish-archive").SetInputFilesAsync(archive);
        await page.Locator("section[aria-labelledby=publish-heading] button[type=submit]").ClickAsync();

        var dataset = page.Locator($"tr[data-dataset='{name}']");
        await Expect(dataset.Locator("li[data-version='1'][data-status=published]")).ToBeVisibleAsync(new() { Timeout = Milliseconds(StartTimeout) });
        await Expect(dataset).ToContainTextAsync("전통시장 목록");
        var published = await sandbox.Admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/datasets/{name}");
        Assert.Equal("published", published.GetProperty("versions")[0].GetProperty("status").GetString());
        await PortalScreenshots.TakeAsync(page, "admin");
        Assert.Empty(await UnlabelledControls.FindAsync(page));
        File.Delete(archive);
    }

    internal static async Task SignInAsync(IPage page, string email, string password = Password)
    {
        await page.Locator("#signin-email").FillAsync(email);
        await page.Locator("#signin-password").FillAsync(password);
        await page.Locator("form button[type=submit]").ClickAsync();
        await Expect(page.Locator("header nav"), $"the signed-in page for {email}").ToBeVisibleAsync();
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

    private static float Milliseconds(TimeSpan timeout) => (float)timeout.TotalMilliseconds;

    /// <summary>Whole won as the portal writes them (Intl ko-KR currency): ₩1,234.</summary>
    private static string Won(decimal amount) =>
        "₩" + Math.Round(amount, 0, MidpointRounding.AwayFromZero).ToString("N0", CultureInfo.InvariantCulture);
}
