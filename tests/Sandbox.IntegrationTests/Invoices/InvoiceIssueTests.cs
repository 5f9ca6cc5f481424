using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Sandbox.IntegrationTests.Infrastructure;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests.Invoices;

/// <summary>
/// Monthly invoices through the real orchestrator: a month missed while it was down is issued by the pass at start,
/// restarts issue it never again, billing staff re-issue it explicitly.
/// </summary>
public sealed class InvoiceIssueTests
{
    private const string October = "2026-10";
    private static readonly TimeZoneInfo Seoul = TimeZoneInfo.FindSystemTimeZoneById("Asia/Seoul");

    [Fact]
    public async Task A_missed_month_is_issued_once_across_restarts_and_a_reissue_keeps_the_first_version()
    {
        await using var orchestrator = new OrchestratorProcess(new Dictionary<string, string> { ["Sandbox__Invoices__CatchUpInterval"] = "00:00:01" });
        await orchestrator.StartAsync();
        using var admin = await SandboxApi.SignInAsync(orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        var (analyst, memberId) = await admin.CreateMemberAsync("october-analyst");
        var (billing, billingId) = await admin.CreateMemberAsync("october-clerk", "member", "billing");
        using var _a = analyst;
        using var _b = billing;

        // 1. Real usage, moved into October while the orchestrator is down (as if it ran then, and nobody was up on November 1st).
        var id = (await analyst.LaunchAsync()).GetProperty("id").GetString()!;
        await analyst.WaitForStateAsync(id, TimeSpan.FromSeconds(90), "running");
        await Task.Delay(1000); // a second of running, so the month has usage to bill
        (await analyst.Http.DeleteAsync($"/api/v1/sessions/{id}")).EnsureSuccessStatusCode();
        await analyst.WaitForStateAsync(id, TimeSpan.FromSeconds(60), "stopped");
        await orchestrator.KillAsync();
        await MoveIntoOctoberAsync(orchestrator.DataDir, id, memberId);

        // 2. The pass at start issues October: version 1, by the scheduler, with the member's invoice.
        await orchestrator.StartAsync();
        var first = await WaitForIssuedAsync(billing, October, TimeSpan.FromSeconds(30), orchestrator);
        Assert.Equal("1", first.Version);
        var body = JsonDocument.Parse(first.Body).RootElement;
        Assert.Equal(October, body.GetProperty("month").GetString());
        var invoice = Assert.Single(body.GetProperty("invoices").EnumerateArray());
        Assert.Equal(memberId, invoice.GetProperty("member").GetString());
        var holderBefore = await LeaseHolderAsync(orchestrator.DataDir, "invoices.catch-up");

        // 3. Killed and started again: the catch-up pass runs in the new process (it takes the lease) and issues nothing.
        await orchestrator.KillAsync();
        await orchestrator.StartAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && await LeaseHolderAsync(orchestrator.DataDir, "invoices.catch-up") == holderBefore)
        {
            await Task.Delay(200); // poll the lease's holder until the new process's pass takes it
        }

        Assert.NotEqual(holderBefore, await LeaseHolderAsync(orchestrator.DataDir, "invoices.catch-up"));

        //    Three more passes have run (each takes the lease again, moving its expiry: the signal), and still one version.
        var seen = new HashSet<string?> { await LeaseExpiryAsync(orchestrator.DataDir, "invoices.catch-up") };
        deadline = DateTime.UtcNow.AddSeconds(30);
        while (seen.Count < 4)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Fewer than three catch-up passes in 30 s.\n{orchestrator.Tail()}");
            await Task.Delay(100); // poll the lease's expiry: each one-second pass moves it
            seen.Add(await LeaseExpiryAsync(orchestrator.DataDir, "invoices.catch-up"));
        }

        var versions = await billing.Http.GetFromJsonAsync<JsonElement>($"/api/v1/invoices/{October}/versions");
        var only = Assert.Single(versions.EnumerateArray());
        Assert.Equal(("scheduler", 1), (only.GetProperty("issuedBy").GetString(), only.GetProperty("version").GetInt32()));
        var again = await GetInvoicesAsync(billing, October);
        Assert.Equal((first.Version, first.IssuedAt, first.Body), (again.Version, again.IssuedAt, again.Body));

        // 4. Billing staff re-issue: 201 version 2; version 1 stays listed; the month now answers with version 2. Analysts may not.
        await ProblemAssert.HasReasonAsync(await analyst.Http.PostAsync($"/api/v1/invoices/{October}/reissue", null), HttpStatusCode.Forbidden, "auth.forbidden");
        var reissued = await billing.Http.PostAsync($"/api/v1/invoices/{October}/reissue", null);
        Assert.Equal(HttpStatusCode.Created, reissued.StatusCode);
        var v2 = await reissued.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((2, billingId), (v2.GetProperty("version").GetInt32(), v2.GetProperty("issuedBy").GetString()));
        versions = await billing.Http.GetFromJsonAsync<JsonElement>($"/api/v1/invoices/{October}/versions");
        Assert.Equal([1, 2], versions.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal("2", (await GetInvoicesAsync(billing, October)).Version);
        var audited = await admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/audit?kind=invoice.reissued");
        Assert.Equal(billingId, Assert.Single(audited.EnumerateArray()).GetProperty("actor").GetString());

        // 5. Bad input and open months: problems with stable reasons; an open month is computed live, without a version.
        var open = BillingMonthOf(DateTimeOffset.UtcNow);
        await ProblemAssert.HasReasonAsync(await billing.Http.PostAsync($"/api/v1/invoices/{open}/reissue", null), HttpStatusCode.Conflict, "invoices.month_not_closed");
        await ProblemAssert.HasReasonAsync(await billing.Http.PostAsync("/api/v1/invoices/2026-13/reissue", null), HttpStatusCode.BadRequest, "billing.invalid_month");
        await ProblemAssert.HasReasonAsync(await billing.Http.GetAsync("/api/v1/invoices/october/versions"), HttpStatusCode.BadRequest, "billing.invalid_month");
        Assert.Null((await GetInvoicesAsync(billing, open)).Version);
    }

    private static string BillingMonthOf(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, Seoul).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static async Task<(string? Version, string? IssuedAt, string Body)> GetInvoicesAsync(SandboxApi api, string month)
    {
        using var response = await api.Http.GetAsync($"/api/v1/invoices?month={month}");
        response.EnsureSuccessStatusCode();
        return (Header(response, "X-Invoice-Version"), Header(response, "X-Invoice-Issued-At"), await response.Content.ReadAsStringAsync());
    }

    private static async Task<(string? Version, string? IssuedAt, string Body)> WaitForIssuedAsync(SandboxApi api, string month, TimeSpan timeout, OrchestratorProcess orchestrator)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var answer = await GetInvoicesAsync(api, month);
            if (answer.Version is not null)
            {
                return answer;
            }

            await Task.Delay(200); // poll until the month answers with an issued version
        }

        throw new TimeoutException($"{month} was not issued:\n{orchestrator.Tail()}");
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;

    /// <summary>Shifts the session's instants so it became ready on 2026-10-15 10:00 in Seoul, and makes its owner a member since January.</summary>
    private static async Task MoveIntoOctoberAsync(string dataDir, string sessionId, string memberId)
    {
        await using var db = Open(dataDir);
        await db.OpenAsync();
        await using var read = db.CreateCommand();
        read.CommandText = "SELECT ReadyAt FROM sessions WHERE Id = $id";
        read.Parameters.AddWithValue("$id", sessionId);
        var readyAt = (long)(await read.ExecuteScalarAsync())!;
        var shift = new DateTimeOffset(2026, 10, 15, 10, 0, 0, TimeSpan.FromHours(9)).ToUnixTimeMilliseconds() - readyAt;

        await using var update = db.CreateCommand();
        update.CommandText = """
            UPDATE sessions SET CreatedAt = CreatedAt + $shift, ProvisioningAt = ProvisioningAt + $shift, ReadyAt = ReadyAt + $shift,
                EndedAt = EndedAt + $shift, LastSeenAt = LastSeenAt + $shift, StopRequestedAt = StopRequestedAt + $shift WHERE Id = $id;
            UPDATE member_tiers SET "From" = $from WHERE MemberId = $member;
            """;
        update.Parameters.AddWithValue("$shift", shift);
        update.Parameters.AddWithValue("$id", sessionId);
        update.Parameters.AddWithValue("$from", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(9)).ToUnixTimeMilliseconds());
        update.Parameters.AddWithValue("$member", memberId);
        Assert.Equal(2, await update.ExecuteNonQueryAsync());
    }

    private static async Task<string?> LeaseHolderAsync(string dataDir, string work)
    {
        await using var db = Open(dataDir);
        await db.OpenAsync();
        await using var read = db.CreateCommand();
        read.CommandText = "SELECT Holder FROM scheduled_work_leases WHERE Name = $name";
        read.Parameters.AddWithValue("$name", work);
        return (string?)await read.ExecuteScalarAsync();
    }

    private static async Task<string?> LeaseExpiryAsync(string dataDir, string work)
    {
        await using var db = Open(dataDir);
        await db.OpenAsync();
        await using var read = db.CreateCommand();
        read.CommandText = "SELECT CAST(ExpiresAt AS TEXT) FROM scheduled_work_leases WHERE Name = $name";
        read.Parameters.AddWithValue("$name", work);
        return (string?)await read.ExecuteScalarAsync();
    }

    private static SqliteConnection Open(string dataDir) =>
        new(new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDir, "sandbox.db"), Pooling = false, DefaultTimeout = 30 }.ConnectionString);
}
