using System.Text.Json.Serialization;
using Sandbox.Runtime.Docker.Engine.Models;

namespace Sandbox.Runtime.Docker.Engine;

/// <summary>
/// Source-generated serialization for the engine's DTOs. Property names are the engine's own PascalCase,
/// so no naming policy; nulls are left out of requests so the engine applies its defaults.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ContainerCreateRequest))]
[JsonSerializable(typeof(ContainerCreated))]
[JsonSerializable(typeof(ContainerInspection))]
[JsonSerializable(typeof(IReadOnlyList<ContainerSummary>))]
[JsonSerializable(typeof(NetworkCreateRequest))]
[JsonSerializable(typeof(NetworkCreated))]
[JsonSerializable(typeof(NetworkInspection))]
[JsonSerializable(typeof(IReadOnlyList<NetworkInspection>))]
[JsonSerializable(typeof(VolumeCreateRequest))]
[JsonSerializable(typeof(VolumeInspection))]
[JsonSerializable(typeof(ImageInspection))]
[JsonSerializable(typeof(IReadOnlyList<ImageSummary>))]
[JsonSerializable(typeof(BuildMessage))]
[JsonSerializable(typeof(EngineError))]
[JsonSerializable(typeof(ExecCreateRequest))]
[JsonSerializable(typeof(ExecCreated))]
[JsonSerializable(typeof(ExecStartRequest))]
[JsonSerializable(typeof(ExecInspection))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, string[]>))]
internal sealed partial class EngineJsonContext : JsonSerializerContext;
