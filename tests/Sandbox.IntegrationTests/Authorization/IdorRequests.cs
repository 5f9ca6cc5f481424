using System.Net.Http.Json;
using System.Text;

namespace Sandbox.IntegrationTests.Authorization;

/// <summary>
/// For every access-table row that names a session: the calls someone who may not see the session might try on the
/// running one, each meant to read or change it (share it with themselves, revoke its mentor, stop it, start a kernel).
/// </summary>
internal static class IdorRequests
{
    public static IReadOnlyDictionary<string, IReadOnlyList<MatrixRequest>> For(AuthorizationFixture f, string intruderId)
    {
        var id = f.RunningSessionId;
        return new Dictionary<string, IReadOnlyList<MatrixRequest>>
        {
            ["GET /api/v1/sessions/{id}"] = [new(HttpMethod.Get, $"/api/v1/sessions/{id}", None)],
            ["DELETE /api/v1/sessions/{id}"] = [new(HttpMethod.Delete, $"/api/v1/sessions/{id}", None)],
            ["POST /api/v1/sessions/{id}/handoff"] = [new(HttpMethod.Post, $"/api/v1/sessions/{id}/handoff", () => JsonContent.Create(new { next = $"/s/{id}/tree" }))],
            ["POST /api/v1/sessions/{id}/shares"] =
            [
                new(HttpMethod.Post, $"/api/v1/sessions/{id}/shares", () => JsonContent.Create(new { member = intruderId, minutes = 60 })),
                new(HttpMethod.Post, $"/api/v1/sessions/{id}/shares", () => JsonContent.Create(new { member = f.Mentor.Id, minutes = 1 })),
            ],
            ["GET /api/v1/sessions/{id}/shares"] = [new(HttpMethod.Get, $"/api/v1/sessions/{id}/shares", None)],
            ["DELETE /api/v1/sessions/{id}/shares/{member}"] = [new(HttpMethod.Delete, $"/api/v1/sessions/{id}/shares/{f.Mentor.Id}", None)],
            ["ANY /s/{sessionId}/{**rest}"] =
            [
                new(HttpMethod.Get, $"/s/{id}/api/status", None),
                new(HttpMethod.Get, $"/s/{id}/api/kernels", None),
                new(HttpMethod.Post, $"/s/{id}/api/kernels", () => new StringContent("{}", Encoding.UTF8, "application/json")),
                new(HttpMethod.Put, $"/s/{id}/api/contents/intruder.txt", () => new StringContent("""{"type":"file","format":"text","content":"x"}""", Encoding.UTF8, "application/json")),
                new(HttpMethod.Get, $"/s/{id}/", None),
            ],
        };
    }

    private static HttpContent? None() => null;
}
