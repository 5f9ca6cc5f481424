using System.Text.Json.Serialization;

namespace Sandbox.Runtime.Docker.Engine.Models;

/// <summary>One JSON line of <c>POST /build</c>'s streamed answer.</summary>
internal sealed record BuildMessage
{
    /// <summary>Builder output text (may hold or lack a trailing newline).</summary>
    [JsonPropertyName("stream")]
    public string? Stream { get; init; }

    [JsonPropertyName("status")]
    public string? Status { get; init; }

    [JsonPropertyName("error")]
    public string? Error { get; init; }

    [JsonPropertyName("errorDetail")]
    public BuildErrorDetail? ErrorDetail { get; init; }

    /// <summary>Carries the built image's id at the end of a successful build.</summary>
    [JsonPropertyName("aux")]
    public BuildAux? Aux { get; init; }
}

/// <summary>The detail of a failed build step.</summary>
internal sealed record BuildErrorDetail([property: JsonPropertyName("message")] string? Message);

/// <summary>The auxiliary payload of a build message.</summary>
internal sealed record BuildAux([property: JsonPropertyName("ID")] string? ID);
