using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests.Backup;

/// <summary>
/// Backup and restore of an embedded installation end to end, with the orchestrator's own command (what
/// <c>./sandbox backup</c> and <c>./sandbox restore</c> run): backed up while it runs with sessions, usage and a dataset,
/// its data folder lost, restored, and started again: the same invoices byte for byte, sign-ins and tokens that work,
/// the running notebook still running, the dataset still launchable. Bad restores are refused with exit code 2.
/// </summary>
public sealed class BackupRestoreTests
{
    private const string Password = "member-password-1";

    [Fact]
    public async Task A_running_installation_backed_up_wiped_and_restored_has_the_same_invoices_working_sign_ins_and_its_sessions()
    {
        await using var orchestrator = new OrchestratorProcess();
        await orchestrator.StartAsync();
        using var admin = await SandboxApi.SignInAsync(orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        var (billing, _) = await admin.CreateMemberAsync("backup-clerk", "member", "billing");
        using var _b = billing;
        var email = $"backup-analyst-{Guid.NewGuid():N}@sandbox.test";
        (await admin.Http.PostAsJsonAsync("/api/v1/members", new { email, password = Password, displayName = "Backup Analyst", tier = "member", roles = Array.Empty<string>() })).EnsureSuccessStatusCode();
        using var analyst = await SandboxApi.SignInAsync(orchestrator.BaseAddress, email, Password);

        // 1. A dataset, a session run and stopped (closed usage), and one still running when the backup is taken.
        await admin.PublishDatasetAsync("kept", "1", new Dictionary<string, string> { ["prices.csv"] = "item,krw\nbread,3000\n" });
        var ended = (await analyst.LaunchAsync()).GetProperty("id").GetString()!;
        await analyst.WaitForStateAsync(ended, TimeSpan.FromSeconds(150), "running");
        (await analyst.Http.DeleteAsync($"/api/v1/sessions/{ended}")).EnsureSuccessStatusCode();
        await analyst.WaitForStateAsync(ended, TimeSpan.FromSeconds(60), "stopped");
        var (other, otherId) = await admin.CreateMemberAsync("backup-other");
        using var _o = other;
        var running = (await other.LaunchAsync("python", "small", "kept@1")).GetProperty("id").GetString()!;
        Assert.Equal("running", (await other.WaitForStateAsync(running, TimeSpan.FromSeconds(150), "running", "failed")).GetProperty("state").GetString());

        // 2. The analyst's invoice of the month (their usage has ended; the other member's still grows) as JSON and CSV.
        var month = BillingMonthNow();
        var analystId = (await analyst.Http.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("id").GetString()!;
        var (jsonBefore, csvBefore) = await InvoiceOfAsync(billing, month, analystId);
        Assert.True(JsonDocument.Parse(jsonBefore).RootElement.GetProperty("lines").EnumerateArray()
            .Any(l => decimal.Parse(l.GetProperty("quantity").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > 0), jsonBefore); // usage recorded

        // 3. Backed up while it runs.
        var file = Path.Combine(orchestrator.DataDir, "..", $"sandbox-backup-{orchestrator.RunId}.tar.gz");
        try
        {
            var (backupExit, backupOutput) = await OrchestratorCommand.RunAsync(orchestrator.DataDir, "backup", file);
            Assert.True(backupExit == 0, backupOutput);
            Assert.Contains("wrote", backupOutput, StringComparison.Ordinal);

            //    A restore is refused while the orchestrator runs on the folder, and into a folder that holds an installation.
            var (lockedExit, lockedOutput) = await OrchestratorCommand.RunAsync(orchestrator.DataDir, "restore", file);
            Assert.True(lockedExit == 2, lockedOutput);
            Assert.Contains("is running on this data folder", lockedOutput, StringComparison.Ordinal);

            // 4. The disk dies: the process with it, and everything in its data folder.
            await orchestrator.KillAsync();
            var (occupiedExit, occupiedOutput) = await OrchestratorCommand.RunAsync(orchestrator.DataDir, "restore", file);
            Assert.True(occupiedExit == 2, occupiedOutput);
            Assert.Contains("already holds an installation", occupiedOutput, StringComparison.Ordinal);
            foreach (var entry in Directory.EnumerateFileSystemEntries(orchestrator.DataDir))
            {
                if (Directory.Exists(entry)) Directory.Delete(entry, recursive: true);
                else File.Delete(entry);
            }

            // 5. A damaged archive is refused and leaves the folder as it was; the real one is restored.
            var damaged = file + ".damaged";
            var bytes = await File.ReadAllBytesAsync(file);
            await File.WriteAllBytesAsync(damaged, bytes[..(bytes.Length / 2)]);
            var (damagedExit, damagedOutput) = await OrchestratorCommand.RunAsync(orchestrator.DataDir, "restore", damaged);
            File.Delete(damaged);
            Assert.True(damagedExit == 2, damagedOutput);
            Assert.False(File.Exists(Path.Combine(orchestrator.DataDir, "sandbox.db")), "A refused restore left a store behind.");
            var (restoreExit, restoreOutput) = await OrchestratorCommand.RunAsync(orchestrator.DataDir, "restore", file);
            Assert.True(restoreExit == 0, restoreOutput);
            Assert.True(Directory.EnumerateFiles(Path.Combine(orchestrator.DataDir, "keys")).Any(), "No key ring restored.");
            Assert.True(Directory.Exists(Path.Combine(orchestrator.DataDir, "datasets", "images", "kept", "1")), "The dataset's layout was not restored.");
        }
        finally
        {
            File.Delete(file);
        }

        // 6. Started again: the same invoice byte for byte, JSON and CSV; the token issued before the backup still works
        //    (the key ring came back), as does signing in; the notebook that ran at the backup runs on, with its dataset.
        await orchestrator.StartAsync();
        Assert.Equal((jsonBefore, csvBefore), await InvoiceOfAsync(billing, month, analystId));
        Assert.Equal(HttpStatusCode.OK, (await analyst.Http.GetAsync("/api/v1/me")).StatusCode);
        using var again = await SandboxApi.SignInAsync(orchestrator.BaseAddress, email, Password);
        Assert.Equal(ended, Assert.Single((await again.Http.GetFromJsonAsync<JsonElement>("/api/v1/sessions")).EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal("running", (await other.WaitForStateAsync(running, TimeSpan.FromSeconds(60), "running", "failed")).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.OK, (await other.Http.GetAsync($"/s/{running}/api/status")).StatusCode);
        (await other.Http.DeleteAsync($"/api/v1/sessions/{running}")).EnsureSuccessStatusCode();
        await other.WaitForStateAsync(running, TimeSpan.FromSeconds(60), "stopped");
        Assert.NotEqual(analystId, otherId);
    }

    private static string BillingMonthNow() =>
        TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Seoul")).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>One member's invoice of a month: its JSON object as the API wrote it, and its CSV lines.</summary>
    private static async Task<(string Json, string Csv)> InvoiceOfAsync(SandboxApi billing, string month, string memberId)
    {
        var json = JsonDocument.Parse(await InvoicesAsync(billing, month, "application/json")).RootElement.GetProperty("invoices")
            .EnumerateArray().Single(i => i.GetProperty("member").GetString() == memberId).GetRawText();
        var csv = string.Join('\n', (await InvoicesAsync(billing, month, "text/csv")).Split('\n').Where(l => l.Contains(memberId, StringComparison.Ordinal)));
        Assert.NotEmpty(csv);
        return (json, csv);
    }

    private static async Task<string> InvoicesAsync(SandboxApi billing, string month, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/invoices?month={month}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        using var response = await billing.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }
}
