namespace Sandbox.Runtime.Docker.Engine.Models;

/// <summary>Answer of <c>POST /containers/create</c>.</summary>
internal sealed record ContainerCreated(string Id, IReadOnlyList<string>? Warnings);
