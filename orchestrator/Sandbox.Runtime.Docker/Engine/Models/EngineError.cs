using System.Text.Json.Serialization;

namespace Sandbox.Runtime.Docker.Engine.Models;

/// <summary>The body of every engine error answer.</summary>
internal sealed record EngineError([property: JsonPropertyName("message")] string? Message);
