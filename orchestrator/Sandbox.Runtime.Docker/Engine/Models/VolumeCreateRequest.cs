namespace Sandbox.Runtime.Docker.Engine.Models;

/// <summary>Body of <c>POST /volumes/create</c> (local driver).</summary>
internal sealed record VolumeCreateRequest(string Name, IReadOnlyDictionary<string, string> Labels);
