using System.Text.Json;

namespace Sandbox.IntegrationTests.Browser;

/// <summary>What a <c>fetch()</c> run inside the page got back.</summary>
internal sealed record PageResponse(int Status, string Body)
{
    public JsonElement Json() => JsonDocument.Parse(Body).RootElement;

    /// <summary>The problem+json <c>reason</c>, or null when the body is not a problem document.</summary>
    public string? Reason()
    {
        try
        {
            return Json().TryGetProperty("reason", out var reason) ? reason.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public override string ToString() => $"{Status} {Body}";
}
