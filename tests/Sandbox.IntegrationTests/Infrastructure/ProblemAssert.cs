using System.Net;
using System.Text.Json;

namespace Sandbox.IntegrationTests.Infrastructure;

/// <summary>Assertions on problem+json answers.</summary>
internal static class ProblemAssert
{
    /// <summary>The response has the status and the stable reason; returns the problem document.</summary>
    public static async Task<JsonElement> HasReasonAsync(HttpResponseMessage response, HttpStatusCode status, string reason)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} {reason}, got {(int)response.StatusCode}: {body}");
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(reason, problem.GetProperty("reason").GetString());
        return problem;
    }
}
