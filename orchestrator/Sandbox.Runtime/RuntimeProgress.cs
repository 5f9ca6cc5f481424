namespace Sandbox.Runtime;

/// <summary>A step of a sandbox's start, reported while <see cref="ISessionRuntime.StartAsync"/> runs.</summary>
/// <param name="Percent">0-100, never decreasing within one start.</param>
/// <param name="Message">What is happening, for people.</param>
public sealed record RuntimeProgress(int Percent, string Message);
