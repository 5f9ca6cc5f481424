namespace Sandbox.Runtime.Docker.Engine.Models;

/// <summary>Body of <c>POST /containers/{id}/exec</c>.</summary>
internal sealed record ExecCreateRequest(IReadOnlyList<string> Cmd, bool AttachStdout = true, bool AttachStderr = true);

/// <summary>Answer of <c>POST /containers/{id}/exec</c>.</summary>
internal sealed record ExecCreated(string Id);

/// <summary>Body of <c>POST /exec/{id}/start</c>.</summary>
internal sealed record ExecStartRequest(bool Detach = false, bool Tty = false);

/// <summary>Answer of <c>GET /exec/{id}/json</c>.</summary>
internal sealed record ExecInspection(bool Running, int? ExitCode);
