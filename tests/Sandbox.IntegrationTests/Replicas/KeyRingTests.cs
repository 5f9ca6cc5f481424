using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Sandbox.Testing;

namespace Sandbox.IntegrationTests.Replicas;

/// <summary>
/// The key ring moving into the store: an installation upgraded from the ring in its data folder keeps everyone signed
/// in and its stored Jupyter tokens readable (its keys are imported, encrypted), a key rotation keeps them signed in too, and PostgreSQL without a
/// certificate refuses to start, saying what is missing.
/// </summary>
public sealed class KeyRingTests
{
    [Fact]
    public async Task An_upgrade_to_the_stored_ring_and_a_key_rotation_keep_a_token_valid_and_no_secret_is_stored_in_clear()
    {
        await using var orchestrator = new OrchestratorProcess();
        await orchestrator.StartAsync();
        using var before = await SandboxApi.SignInAsync(orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        Assert.Equal(HttpStatusCode.OK, (await before.Http.GetAsync("/api/v1/sessions")).StatusCode);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(orchestrator.DataDir, "keys"), "key-*.xml"));
        var id = (await before.LaunchAsync()).GetProperty("id").GetString()!;
        await before.WaitForStateAsync(id, TimeSpan.FromSeconds(120), "running");

        // 1. The upgrade: the same data folder, now with a certificate. The token issued before still works.
        var certificate = Path.Combine(orchestrator.DataDir, "ring.pfx");
        KeyRingCertificateFile.Write(certificate, "ring-password");
        orchestrator.Configure("Sandbox__KeyRing__CertificatePath", certificate);
        orchestrator.Configure("Sandbox__KeyRing__CertificatePassword", "ring-password");
        await orchestrator.KillAsync();
        await orchestrator.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await before.Http.GetAsync("/api/v1/sessions")).StatusCode);
        // The notebook's Jupyter token, stored protected under the old ring, still decrypts: the proxy reaches Jupyter with it.
        Assert.Equal(HttpStatusCode.OK, (await before.Http.GetAsync($"/s/{id}/api/status")).StatusCode);
        var imported = await StoredKeysAsync(orchestrator);
        Assert.Single(imported);
        AssertEncrypted(imported);

        // 2. A rotation: the stored key expires (as it would after 90 days), so the next start makes a new default key.
        await ExpireStoredKeysAsync(orchestrator);
        await orchestrator.KillAsync();
        await orchestrator.StartAsync();
        using var after = await SandboxApi.SignInAsync(orchestrator.BaseAddress, OrchestratorProcess.AdminEmail, OrchestratorProcess.AdminPassword);
        Assert.Equal(HttpStatusCode.OK, (await after.Http.GetAsync("/api/v1/sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await before.Http.GetAsync("/api/v1/sessions")).StatusCode);
        var rotated = await StoredKeysAsync(orchestrator);
        Assert.Equal(2, rotated.Count);
        AssertEncrypted(rotated);
        (await after.Http.DeleteAsync($"/api/v1/sessions/{id}")).EnsureSuccessStatusCode();
        await after.WaitForStateAsync(id, TimeSpan.FromSeconds(60), "stopped");
    }

    [Fact]
    public async Task PostgreSQL_without_a_certificate_refuses_to_start_and_says_what_is_missing()
    {
        // The refusal comes before the store is opened: no server is needed behind the connection string.
        await using var orchestrator = new OrchestratorProcess(new Dictionary<string, string>
        {
            ["Sandbox__Store__Provider"] = "postgres",
            ["Sandbox__Store__ConnectionString"] = "Host=127.0.0.1;Port=1;Database=never_opened;Username=nobody",
        });
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => orchestrator.StartAsync());
        Assert.Contains("Sandbox:KeyRing:CertificatePath is required when Sandbox:Store:Provider is 'postgres'", refused.Message, StringComparison.Ordinal);
    }

    private static void AssertEncrypted(IReadOnlyList<string> keys) => Assert.All(keys, xml =>
    {
        Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
        Assert.Contains("encryptedSecret", xml, StringComparison.Ordinal);
    });

    private static async Task<IReadOnlyList<string>> StoredKeysAsync(OrchestratorProcess orchestrator)
    {
        await using var connection = Open(orchestrator);
        await using var query = new SqliteCommand("SELECT Xml FROM data_protection_keys ORDER BY Id", connection);
        var keys = new List<string>();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    private static async Task ExpireStoredKeysAsync(OrchestratorProcess orchestrator)
    {
        await using var connection = Open(orchestrator);
        foreach (var xml in await StoredKeysAsync(orchestrator))
        {
            var expired = System.Text.RegularExpressions.Regex.Replace(xml, "<expirationDate>[^<]*</expirationDate>",
                $"<expirationDate>{DateTimeOffset.UtcNow.AddMinutes(-1):O}</expirationDate>");
            await using var update = new SqliteCommand("UPDATE data_protection_keys SET Xml = $expired WHERE Xml = $xml", connection);
            update.Parameters.AddWithValue("$expired", expired);
            update.Parameters.AddWithValue("$xml", xml);
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }
    }

    private static SqliteConnection Open(OrchestratorProcess orchestrator)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(orchestrator.DataDir, "sandbox.db")};Pooling=False");
        connection.Open();
        return connection;
    }
}
