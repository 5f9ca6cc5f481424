using System.Net.Http.Json;
using System.Text.Json;
using Sandbox.Orchestrator.Accounts;

namespace Sandbox.IntegrationTests.Authorization;

/// <summary>The access table and the running orchestrator's OpenAPI document name the same endpoints, no more, no less.</summary>
[Collection(AuthorizationTestGroup.Name)]
public sealed class AccessTableDriftTests(AuthorizationFixture fixture)
{
    private static readonly string[] HttpMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    [Fact]
    public async Task Every_operation_in_the_OpenAPI_document_has_exactly_one_row_and_every_API_row_is_served()
    {
        // 1. Operations the orchestrator itself describes (anonymously, as any client would fetch them).
        var document = await (await fixture.SendAsync(Persona.Anonymous, HttpMethod.Get, "/openapi/v1.json")).Content.ReadFromJsonAsync<JsonElement>();
        var served = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(operation => HttpMethods.Contains(operation.Name, StringComparer.OrdinalIgnoreCase))
                .Select(operation => $"{operation.Name.ToUpperInvariant()} {path.Name}"))
            .ToList();
        Assert.NotEmpty(served);

        // 2. Compare both ways; name every difference at once.
        var rows = AccessTable.Rows.Select(r => r.Operation).ToList();
        var apiRows = AccessTable.Rows.Where(r => r.Surface == AccessTable.Surface.Api).Select(r => r.Operation).ToList();
        var missing = served.Where(op => rows.Count(r => r == op) != 1).Select(op => $"{op} (has {rows.Count(r => r == op)} rows)").ToList();
        var extra = apiRows.Where(op => !served.Contains(op)).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"AccessTable and /openapi/v1.json disagree.\nServed but without exactly one row: {string.Join(", ", missing)}\nRows not served: {string.Join(", ", extra)}");
    }

    [Fact]
    public void The_table_has_one_row_per_endpoint_and_the_hub_is_mapped_for_signed_in_callers()
    {
        var duplicates = AccessTable.Rows.GroupBy(r => r.Operation).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, $"Rows listed twice: {string.Join(", ", duplicates)}");
        var hub = Assert.Single(AccessTable.Rows, r => r.Surface == AccessTable.Surface.Hub);
        Assert.True(hub.Mapped);
        Assert.Equal(AccessTable.Caller.SignedIn, hub.Caller);
        Assert.Single(AccessTable.Rows, r => r.Surface == AccessTable.Surface.Proxy && r.Scope == AccessTable.ObjectScope.OwnerOrShared);
    }
}
