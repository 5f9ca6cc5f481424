namespace Sandbox.Runtime.Docker.Tests;

/// <summary>An <see cref="IProgress{T}"/> that runs its handler on the reporting thread, at the moment of the report.</summary>
public sealed class SynchronousProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
