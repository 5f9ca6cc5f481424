namespace Sandbox.Runtime.Docker.Engine;

/// <summary>A finished command run inside a container.</summary>
/// <param name="ExitCode">The command's exit code.</param>
/// <param name="Output">Its standard output and standard error, interleaved.</param>
internal sealed record ExecResult(int ExitCode, string Output);
