using System.Net.Http.Json;
using System.Text;

namespace Sandbox.IntegrationTests.Authorization;

/// <summary>One <see cref="MatrixRequest"/> per access-table row, keyed by the row's operation.</summary>
internal static class MatrixRequests
{
    public static IReadOnlyDictionary<string, MatrixRequest> For(AuthorizationFixture f)
    {
        var running = f.RunningSessionId;
        return new Dictionary<string, MatrixRequest>
        {
            ["GET /healthz"] = new(HttpMethod.Get, "/healthz", None),
            ["GET /healthz/ready"] = new(HttpMethod.Get, "/healthz/ready", None),
            ["GET /healthz/live"] = new(HttpMethod.Get, "/healthz/live", None),
            ["GET /metrics"] = new(HttpMethod.Get, "/metrics", None),
            ["GET /openapi/{documentName}.json"] = new(HttpMethod.Get, "/openapi/v1.json", None),

            ["POST /api/v1/auth/token"] = new(HttpMethod.Post, "/api/v1/auth/token", () => JsonContent.Create(new { email = f.Analyst.Email, password = Persona.Password })),
            ["POST /api/v1/auth/signin"] = new(HttpMethod.Post, "/api/v1/auth/signin", () => JsonContent.Create(new { email = f.Analyst.Email, password = Persona.Password })),
            ["GET /api/v1/auth/antiforgery"] = new(HttpMethod.Get, "/api/v1/auth/antiforgery", None),
            ["POST /api/v1/auth/signout"] = new(HttpMethod.Post, "/api/v1/auth/signout", None, EndsCallersTokens: true),
            ["GET /api/v1/me"] = new(HttpMethod.Get, "/api/v1/me", None),

            ["POST /api/v1/members"] = new(HttpMethod.Post, "/api/v1/members", () => JsonContent.Create(new
            {
                email = $"matrix-{Guid.NewGuid():N}@sandbox.test", password = Persona.Password, displayName = "matrix", tier = "member", roles = Array.Empty<string>(),
            })),
            ["GET /api/v1/members"] = new(HttpMethod.Get, "/api/v1/members", None),
            ["GET /api/v1/members/homes"] = new(HttpMethod.Get, "/api/v1/members/homes", None),
            ["GET /api/v1/members/{id}"] = new(HttpMethod.Get, $"/api/v1/members/{f.PatchTargetId}", None),
            ["PATCH /api/v1/members/{id}"] = new(HttpMethod.Patch, $"/api/v1/members/{f.PatchTargetId}", () => JsonContent.Create(new { monthlyBudgetKrw = 90000 })),
            // No such member: an admin gets 404 (allowed), everyone else 403, and nobody of the matrix is disabled.
            ["POST /api/v1/members/{id}/disable"] = new(HttpMethod.Post, "/api/v1/members/no-such-member/disable", None),
            ["POST /api/v1/members/{id}/enable"] = new(HttpMethod.Post, "/api/v1/members/no-such-member/enable", None),
            ["DELETE /api/v1/members/{id}"] = new(HttpMethod.Delete, "/api/v1/members/no-such-member", None),

            ["GET /api/v1/profiles"] = new(HttpMethod.Get, "/api/v1/profiles", None),
            ["GET /api/v1/sizes"] = new(HttpMethod.Get, "/api/v1/sizes", None),
            ["GET /api/v1/me/quota"] = new(HttpMethod.Get, "/api/v1/me/quota", None),
            ["GET /api/v1/usage"] = new(HttpMethod.Get, "/api/v1/usage", None),
            ["GET /api/v1/invoices"] = new(HttpMethod.Get, "/api/v1/invoices?month=2026-11", None),
            ["GET /api/v1/billing/members"] = new(HttpMethod.Get, "/api/v1/billing/members", None),
            ["GET /api/v1/invoices/{month}/versions"] = new(HttpMethod.Get, "/api/v1/invoices/2026-10/versions", None),
            // Harmless when admitted: a month that has not closed cannot be issued (409).
            ["POST /api/v1/invoices/{month}/reissue"] = new(HttpMethod.Post, "/api/v1/invoices/2999-01/reissue", None),
            ["GET /api/v1/rate-cards"] = new(HttpMethod.Get, "/api/v1/rate-cards", None),
            ["POST /api/v1/rate-cards"] = new(HttpMethod.Post, "/api/v1/rate-cards", () => JsonContent.Create(new { })),
            ["POST /api/v1/credits"] = new(HttpMethod.Post, "/api/v1/credits", () => JsonContent.Create(new { member = "nobody", month = "2026-11", krw = 0 })),
            ["GET /api/v1/credits"] = new(HttpMethod.Get, "/api/v1/credits?month=2026-11", None),

            ["POST /api/v1/sessions"] = new(HttpMethod.Post, "/api/v1/sessions", () => JsonContent.Create(new { profile = "no-such-profile", size = "small" })),
            ["GET /api/v1/sessions"] = new(HttpMethod.Get, "/api/v1/sessions", None),
            ["GET /api/v1/sessions/{id}"] = new(HttpMethod.Get, $"/api/v1/sessions/{running}", None, SharedWithMentor: true),
            ["DELETE /api/v1/sessions/{id}"] = new(HttpMethod.Delete, $"/api/v1/sessions/{f.StoppedSessionId}", None),
            ["POST /api/v1/sessions/{id}/handoff"] = new(HttpMethod.Post, $"/api/v1/sessions/{running}/handoff", () => JsonContent.Create(new { }), SharedWithMentor: true),
            ["POST /api/v1/sessions/{id}/shares"] = new(HttpMethod.Post, $"/api/v1/sessions/{running}/shares",
                () => JsonContent.Create(new { member = f.SpareMentorId, minutes = 600 }), SharedWithMentor: true),
            ["GET /api/v1/sessions/{id}/shares"] = new(HttpMethod.Get, $"/api/v1/sessions/{running}/shares", None, SharedWithMentor: true),
            ["GET /api/v1/me/shares"] = new(HttpMethod.Get, "/api/v1/me/shares", None),
            ["GET /api/v1/mentors"] = new(HttpMethod.Get, "/api/v1/mentors", None),
            ["DELETE /api/v1/sessions/{id}/shares/{member}"] = new(HttpMethod.Delete, $"/api/v1/sessions/{running}/shares/{f.SpareMentorId}", None, SharedWithMentor: true),

            ["GET /api/v1/audit"] = new(HttpMethod.Get, "/api/v1/audit", None),

            ["POST /api/v1/datasets"] = new(HttpMethod.Post, "/api/v1/datasets", () => new MultipartFormDataContent { { new StringContent("{}", Encoding.UTF8, "application/json"), "metadata" } }),
            ["GET /api/v1/datasets"] = new(HttpMethod.Get, "/api/v1/datasets", None),
            ["GET /api/v1/datasets/{name}"] = new(HttpMethod.Get, $"/api/v1/datasets/{AuthorizationFixture.DatasetName}", None),
            // Harmless when admitted: the dataset stays open to everyone, and the version to withdraw does not exist (404).
            ["PUT /api/v1/datasets/{name}/access"] = new(HttpMethod.Put, $"/api/v1/datasets/{AuthorizationFixture.DatasetName}/access",
                () => JsonContent.Create(new { access = "everyone" })),
            ["POST /api/v1/datasets/{name}/versions/{version}/withdraw"] = new(HttpMethod.Post,
                $"/api/v1/datasets/{AuthorizationFixture.DatasetName}/versions/no-such-version/withdraw", None),
            ["GET /api/v1/datasets/{name}/versions/{version}/preview"] = new(HttpMethod.Get, $"/api/v1/datasets/{AuthorizationFixture.DatasetName}/versions/1/preview", None),

            ["ANY /s/{sessionId}/{**rest}"] = new(HttpMethod.Get, $"/s/{running}/api/status", None, SharedWithMentor: true),
            ["ANY /hubs/sessions"] = new(HttpMethod.Post, "/hubs/sessions/negotiate?negotiateVersion=1", None),
        };
    }

    private static HttpContent? None() => null;
}
