using System.Net;
using System.Text.Json;

namespace Sandbox.NotebookProxy.Tests.Infrastructure;

/// <summary>Checks that a response is RFC 9457 problem+json with the expected status and Sandbox reason.</summary>
internal static class ProblemAssert
{
    public static async Task IsAsync(HttpResponseMessage response, HttpStatusCode status, string reason)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(reason, problem.RootElement.GetProperty("reason").GetString());
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("title").GetString()));
    }
}
