using Docker.DotNet.Models;

namespace Sandbox.Runtime.Docker;

/// <summary>
/// Collects the errors an engine reports in a progress stream (a pull, a load) as they come, on the caller's thread
/// (<see cref="Progress{T}"/> would post them later, after the call returned).
/// </summary>
internal sealed class EngineErrors(List<string> errors) : IProgress<JSONMessage>
{
    public void Report(JSONMessage value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Error is { } error)
        {
            errors.Add(string.IsNullOrEmpty(error.Message) ? "an error without a message" : error.Message);
        }
    }
}
