namespace Sandbox.Runtime.Docker.Engine.Models;

/// <summary>Answer of <c>POST /networks/create</c>.</summary>
internal sealed record NetworkCreated(string Id);
