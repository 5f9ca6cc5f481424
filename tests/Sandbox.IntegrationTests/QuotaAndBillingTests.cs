using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sandbox.IntegrationTests.Infrastructure;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests;

/// <summary>Quotas enforced at launch, prices at each tier, and invoices with the same numbers as the command line.</summary>
public sealed class QuotaAndBillingTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task Simultaneous_launches_against_a_limit_of_three_admit_exactly_three()
    {
        var (analyst, memberId) = await fixture.Admin.CreateMemberAsync("racer");
        using var _ = analyst;

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            analyst.Http.PostAsJsonAsync("/api/v1/sessions", new { profile = "python", size = "small" })));

        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        var refused = responses.Where(r => r.StatusCode != HttpStatusCode.Created).ToList();
        Assert.Equal(7, refused.Count);
        foreach (var response in refused)
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("quota.concurrent_sessions", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
        }

        await StopAllAsync(analyst);
        Assert.Empty(await DockerEngine.ContainersAsync($"{fixture.Orchestrator.LabelPrefix}member={memberId}"));
    }

    [Fact]
    public async Task Non_members_see_double_prices_get_the_two_smallest_sizes_and_one_session()
    {
        var (member, _) = await fixture.Admin.CreateMemberAsync("priced-member");
        var (guest, _) = await fixture.Admin.CreateMemberAsync("priced-guest", "non_member");
        using var _m = member;
        using var _g = guest;

        var memberQuota = await member.Http.GetFromJsonAsync<JsonElement>("/api/v1/me/quota");
        var guestQuota = await guest.Http.GetFromJsonAsync<JsonElement>("/api/v1/me/quota");
        Assert.Equal("member", memberQuota.GetProperty("tier").GetString());
        Assert.Equal(3, memberQuota.GetProperty("limits").GetProperty("maxConcurrentSessions").GetInt32());
        Assert.Equal(100_000m, memberQuota.GetProperty("limits").GetProperty("monthlyBudgetKrw").GetDecimal());
        Assert.Equal(1, guestQuota.GetProperty("limits").GetProperty("maxConcurrentSessions").GetInt32());
        Assert.Equal(50_000m, guestQuota.GetProperty("remainingBudgetKrw").GetDecimal());

        // small = 1 cpu + 2 GiB: 30 + 2 x 4 = 38 KRW an hour for members, twice that for others.
        var memberSizes = await member.Http.GetFromJsonAsync<JsonElement>("/api/v1/sizes");
        var guestSizes = await guest.Http.GetFromJsonAsync<JsonElement>("/api/v1/sizes");
        Assert.Equal(38m, Price(memberSizes, "small"));
        Assert.Equal(76m, Price(guestSizes, "small"));
        Assert.Equal(152m, Price(memberSizes, "large"));
        Assert.Equal(["medium", "small"], guestQuota.GetProperty("limits").GetProperty("allowedSizes").EnumerateArray().Select(s => s.GetString()).Order());

        var large = await guest.Http.PostAsJsonAsync("/api/v1/sessions", new { profile = "python", size = "large" });
        await ProblemAssert.HasReasonAsync(large, HttpStatusCode.Forbidden, "quota.size_not_allowed");
        (await guest.Http.PostAsJsonAsync("/api/v1/sessions", new { profile = "python", size = "small" })).EnsureSuccessStatusCode();
        await ProblemAssert.HasReasonAsync(await guest.Http.PostAsJsonAsync("/api/v1/sessions", new { profile = "python", size = "small" }),
            HttpStatusCode.Forbidden, "quota.concurrent_sessions");
        await StopAllAsync(guest);
    }

    [Fact]
    public async Task A_budget_too_small_for_an_hour_refuses_the_launch()
    {
        var (analyst, id) = await fixture.Admin.CreateMemberAsync("thrifty");
        using var _ = analyst;
        var patched = await fixture.Admin.Http.PatchAsJsonAsync($"/api/v1/members/{id}", new { monthlyBudgetKrw = 30 });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);

        await ProblemAssert.HasReasonAsync(await analyst.Http.PostAsJsonAsync("/api/v1/sessions", new { profile = "python", size = "small" }),
            HttpStatusCode.Forbidden, "quota.monthly_budget");
        Assert.Equal(30m, (await analyst.Http.GetFromJsonAsync<JsonElement>("/api/v1/me/quota")).GetProperty("limits").GetProperty("monthlyBudgetKrw").GetDecimal());
    }

    [Fact]
    public async Task Tier_changes_are_effective_dated_and_bad_changes_are_refused()
    {
        var (_, id) = await fixture.Admin.CreateMemberAsync("changing");
        var admin = fixture.Admin.Http;

        var changed = await admin.PatchAsJsonAsync($"/api/v1/members/{id}", new { tier = "non_member" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var member = await changed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("non_member", member.GetProperty("tier").GetString());
        var history = member.GetProperty("tierHistory").EnumerateArray().ToList();
        Assert.Equal(["member", "non_member"], history.Select(h => h.GetProperty("tier").GetString()));
        Assert.Equal(history[0].GetProperty("to").GetDateTimeOffset(), history[1].GetProperty("from").GetDateTimeOffset());

        await ProblemAssert.HasReasonAsync(await admin.PatchAsJsonAsync($"/api/v1/members/{id}", new { tier = "member", tierFrom = "2020-01-01T00:00:00+09:00" }),
            HttpStatusCode.BadRequest, "member.invalid_tier_from");
        await ProblemAssert.HasReasonAsync(await admin.PatchAsJsonAsync($"/api/v1/members/{id}", new { monthlyBudgetKrw = -5 }), HttpStatusCode.BadRequest, "member.invalid_budget");
        await ProblemAssert.HasReasonAsync(await admin.PatchAsJsonAsync($"/api/v1/members/{id}", new { tier = "gold" }), HttpStatusCode.BadRequest, "member.unknown_tier");
        await ProblemAssert.HasReasonAsync(await admin.PatchAsJsonAsync("/api/v1/members/nobody", new { tier = "member" }), HttpStatusCode.NotFound, "member.not_found");
        var unchanged = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/members/{id}");
        Assert.Equal(2, unchanged.GetProperty("tierHistory").GetArrayLength());
    }

    [Fact]
    public async Task Rate_cards_are_versioned_and_history_never_changes()
    {
        var admin = fixture.Admin.Http;
        await ProblemAssert.HasReasonAsync(await admin.PostAsJsonAsync("/api/v1/rate-cards",
                new { tier = "member", effectiveFrom = "2026-01-02T00:00:00+09:00", krwPerHour = new { cpu = 1, memoryGiB = 1, gpu = 1 } }),
            HttpStatusCode.BadRequest, "billing.rate_card_in_past");
        await ProblemAssert.HasReasonAsync(await admin.PostAsJsonAsync("/api/v1/rate-cards",
                new { tier = "member", effectiveFrom = "2099-01-01T00:00:00+09:00", krwPerHour = new { cpu = -1, memoryGiB = 1, gpu = 1 } }),
            HttpStatusCode.BadRequest, "billing.negative_rate");

        var added = await admin.PostAsJsonAsync("/api/v1/rate-cards",
            new { tier = "non_member", effectiveFrom = "2099-01-01T00:00:00+09:00", krwPerHour = new { cpu = 70.5, memoryGiB = 9, gpu = 2500 } });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var cards = await admin.GetFromJsonAsync<JsonElement>("/api/v1/rate-cards");
        var nonMember = cards.EnumerateArray().Where(c => c.GetProperty("tier").GetString() == "non_member").ToList();
        Assert.Equal(["2026-01-01T00:00:00+09:00", "2099-01-01T00:00:00+09:00"], nonMember.Select(c => c.GetProperty("effectiveFrom").GetString()));
        Assert.Equal(60m, nonMember[0].GetProperty("krwPerHour").GetProperty("cpu").GetDecimal());
        Assert.Equal(70.5m, nonMember[1].GetProperty("krwPerHour").GetProperty("cpu").GetDecimal());
    }

    [Fact]
    public async Task Invoices_from_the_api_match_the_command_line_on_the_same_data_as_json_and_csv()
    {
        // 1. Real usage: a session that ran, then stopped.
        var (analyst, memberId) = await fixture.Admin.CreateMemberAsync("billed");
        var (billing, _) = await fixture.Admin.CreateMemberAsync("clerk", "member", "billing");
        using var _a = analyst;
        using var _b = billing;
        var id = (await analyst.LaunchAsync()).GetProperty("id").GetString()!;
        await analyst.WaitForStateAsync(id, TimeSpan.FromSeconds(90), "running");
        await Task.Delay(1500); // fixed on purpose: running time is what is billed, and the invoice below needs some
        (await analyst.Http.DeleteAsync($"/api/v1/sessions/{id}")).EnsureSuccessStatusCode();
        await analyst.WaitForStateAsync(id, TimeSpan.FromSeconds(60), "stopped");
        var month = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Seoul")).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var voucher = await fixture.Admin.Http.PostAsJsonAsync("/api/v1/credits", new { member = memberId, month, krw = 5000, reason = "data voucher" });
        Assert.Equal(HttpStatusCode.Created, voucher.StatusCode);
        await ProblemAssert.HasReasonAsync(await fixture.Admin.Http.PostAsJsonAsync("/api/v1/credits", new { member = memberId, month = "11-2026", krw = -1, reason = "" }),
            HttpStatusCode.BadRequest, "credit.invalid_month");

        // 2. Analysts may not read invoices; billing staff may.
        await ProblemAssert.HasReasonAsync(await analyst.Http.GetAsync($"/api/v1/invoices?month={month}"), HttpStatusCode.Forbidden, "auth.forbidden");
        await ProblemAssert.HasReasonAsync(await billing.Http.GetAsync("/api/v1/invoices?month=2026-13"), HttpStatusCode.BadRequest, "billing.invalid_month");
        var fromApi = JsonNode.Parse(await billing.Http.GetStringAsync($"/api/v1/invoices?month={month}"))!;
        var invoice = fromApi["invoices"]!.AsArray().Single(i => i!["member"]!.GetValue<string>() == memberId)!;
        Assert.Equal(["cpu", "memoryGiB"], invoice["lines"]!.AsArray().Select(l => l!["resource"]!.GetValue<string>()));
        Assert.Equal(invoice["subtotalKrw"]!.GetValue<decimal>(), invoice["creditKrw"]!.GetValue<decimal>()); // the voucher covers it all
        Assert.Equal(0m, invoice["totalKrw"]!.GetValue<decimal>());

        // 3. The same data, exported through the API as a scenario file, gives the same invoice on the command line.
        var usage = await billing.Http.GetFromJsonAsync<JsonElement>($"/api/v1/usage?member={memberId}&from={Uri.EscapeDataString(month + "-01T00:00:00+09:00")}");
        var member = await fixture.Admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/members/{memberId}");
        var cards = await billing.Http.GetFromJsonAsync<JsonElement>("/api/v1/rate-cards");
        var scenario = new JsonObject
        {
            ["timeZone"] = "Asia/Seoul",
            ["rateCards"] = new JsonArray(cards.EnumerateArray().Select(c => (JsonNode)new JsonObject
            {
                ["tier"] = c.GetProperty("tier").GetString(), ["effectiveFrom"] = c.GetProperty("effectiveFrom").GetString(),
                ["krwPerHour"] = JsonNode.Parse(c.GetProperty("krwPerHour").GetRawText()),
            }).ToArray()),
            ["memberships"] = new JsonArray(member.GetProperty("tierHistory").EnumerateArray().Select(p => (JsonNode)new JsonObject
            {
                ["member"] = memberId, ["tier"] = p.GetProperty("tier").GetString(), ["from"] = p.GetProperty("from").GetString(),
                ["to"] = p.GetProperty("to").ValueKind == JsonValueKind.Null ? null : p.GetProperty("to").GetString(),
            }).ToArray()),
            ["usage"] = new JsonArray(usage.EnumerateArray().Select(u => (JsonNode)new JsonObject
            {
                ["id"] = u.GetProperty("session").GetString(), ["member"] = memberId, ["session"] = u.GetProperty("session").GetString(),
                ["start"] = u.GetProperty("start").GetString(), ["end"] = u.GetProperty("end").GetString(),
                ["cpu"] = u.GetProperty("cpu").GetDecimal(), ["memoryGiB"] = u.GetProperty("memoryGiB").GetDecimal(), ["gpu"] = u.GetProperty("gpu").GetInt32(),
            }).ToArray()),
            ["credits"] = new JsonArray((await billing.Http.GetFromJsonAsync<JsonElement>($"/api/v1/credits?month={month}")).EnumerateArray()
                .Where(c => c.GetProperty("member").GetString() == memberId)
                .Select(c => (JsonNode)new JsonObject
                {
                    ["member"] = memberId, ["month"] = month, ["krw"] = c.GetProperty("krw").GetDecimal(), ["reason"] = c.GetProperty("reason").GetString(),
                }).ToArray()),
        };
        var fromCli = JsonNode.Parse(await RunBillingCliAsync(scenario.ToJsonString(), month))!;
        Assert.Equal(fromCli["invoices"]![0]!.ToJsonString(), invoice.ToJsonString());

        // 4. CSV: same lines and amounts.
        using var csvRequest = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/invoices?month={month}");
        csvRequest.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var csv = await billing.Http.SendAsync(csvRequest);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var rows = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Where(r => r.StartsWith(memberId, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains($",{invoice["lines"]![0]!["quantity"]!.GetValue<string>()},", rows[0], StringComparison.Ordinal);
    }

    private static async Task<string> RunBillingCliAsync(string scenario, string month)
    {
        var input = Path.GetTempFileName();
        await File.WriteAllTextAsync(input, scenario);
        try
        {
            var dll = RepositoryPaths.OrchestratorDll.Replace(Path.Combine("orchestrator", "Sandbox.Orchestrator"), Path.Combine("quotas", "Sandbox.Billing.Cli"), StringComparison.Ordinal)
                .Replace("Sandbox.Orchestrator.dll", "sandbox-billing.dll", StringComparison.Ordinal);
            var start = new ProcessStartInfo("dotnet", [dll, "invoice", "--input", input, "--month", month]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            var stdout = await process.StandardOutput.ReadToEndAsync();
            var stderr = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"sandbox-billing exited {process.ExitCode}: {stderr}\n{scenario}");
            return stdout;
        }
        finally
        {
            File.Delete(input);
        }
    }

    private static decimal Price(JsonElement sizes, string id) =>
        sizes.EnumerateArray().Single(s => s.GetProperty("id").GetString() == id).GetProperty("krwPerHour").GetDecimal();

    private static async Task StopAllAsync(SandboxApi api)
    {
        var sessions = await api.Http.GetFromJsonAsync<JsonElement>("/api/v1/sessions");
        foreach (var id in sessions.EnumerateArray().Select(s => s.GetProperty("id").GetString()!))
        {
            await api.Http.DeleteAsync($"/api/v1/sessions/{id}");
        }

        foreach (var id in sessions.EnumerateArray().Select(s => s.GetProperty("id").GetString()!))
        {
            await api.WaitForStateAsync(id, TimeSpan.FromSeconds(90), "stopped", "failed");
        }
    }
}
