using System.Net;
using System.Text.Json;
using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Problems;

namespace Sandbox.IntegrationTests.Authorization;

/// <summary>
/// Every row of <see cref="AccessTable"/> called as anonymous, analyst, mentor, billing staff and admin against the real
/// orchestrator, each answer checked against the table's verdict. Every disagreement is reported at once.
/// </summary>
[Collection(AuthorizationTestGroup.Name)]
public sealed class RoleMatrixTests(AuthorizationFixture fixture)
{
    [Fact]
    public async Task Every_endpoint_answers_every_role_as_the_access_table_says()
    {
        var requests = MatrixRequests.For(fixture);
        var failures = new List<string>();
        var calls = 0;
        foreach (var row in AccessTable.Rows)
        {
            if (!requests.TryGetValue(row.Operation, out var request))
            {
                failures.Add($"{row.Operation}: no matrix request for this row (add one to MatrixRequests).");
                continue;
            }

            foreach (var persona in fixture.Personas)
            {
                // 1. The caller: the persona, or a fresh account with its roles when the call ends the caller's tokens.
                var caller = request.EndsCallersTokens && persona.SignedIn
                    ? await fixture.CreatePersonaAsync($"{persona.Name}-once", [.. persona.Roles])
                    : persona;

                // 2. The call and the table's verdict.
                using var response = await fixture.SendAsync(caller, request.Method, request.Path, request.Body());
                calls++;
                var body = await response.Content.ReadAsStringAsync();
                if (Disagreement(row, request, persona, response, body) is { } failure)
                {
                    failures.Add($"{row.Operation} as {persona}: {failure} (got {(int)response.StatusCode}: {Shorten(body)})");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {calls} calls disagree with AccessTable:\n{string.Join('\n', failures)}");
        Assert.Equal(AccessTable.Rows.Count * fixture.Personas.Count, calls);
    }

    /// <summary>What is wrong with the answer, or null when it is what the table says.</summary>
    private string? Disagreement(AccessTable.Row row, MatrixRequest request, Persona persona, HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        if (!row.Admits(persona.SignedIn, persona.Roles))
        {
            return persona.SignedIn
                ? Problem(response, body, 403, ProblemReasons.Forbidden)
                : Problem(response, body, 401, ProblemReasons.Unauthenticated);
        }

        if (!row.Mapped)
        {
            return Problem(response, body, 404, ProblemReasons.NotFound);
        }

        if (row.Scope != AccessTable.ObjectScope.None && !MaySee(row.Scope, request, persona))
        {
            return Problem(response, body, 404, row.Surface == AccessTable.Surface.Proxy ? "proxy.session_not_found" : "session.not_found");
        }

        return status is 401 or 403 || status >= 500 ? "expected allowed (never 401, 403 or 5xx)" : null;
    }

    // The objects the matrix aims at are the analyst's; the mentor may see those shared with them.
    private bool MaySee(AccessTable.ObjectScope scope, MatrixRequest request, Persona persona) =>
        persona == fixture.Analyst || (scope == AccessTable.ObjectScope.OwnerOrShared && persona == fixture.Mentor && request.SharedWithMentor);

    private static string? Problem(HttpResponseMessage response, string body, int status, string reason)
    {
        if ((int)response.StatusCode != status)
        {
            return $"expected {status} {reason}";
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"expected {status} as application/problem+json";
        }

        var actual = JsonDocument.Parse(body).RootElement.TryGetProperty("reason", out var r) ? r.GetString() : null;
        return actual == reason ? null : $"expected reason {reason}, got {actual}";
    }

    private static string Shorten(string body) => body.Length <= 200 ? body : body[..200] + "...";
}
