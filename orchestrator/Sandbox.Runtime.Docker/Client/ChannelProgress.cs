using System.Threading.Channels;

namespace Sandbox.Runtime.Docker.Client;

/// <summary>
/// Hands what Docker.DotNet reports through <see cref="IProgress{T}"/> (the events stream) to a channel at once, on
/// the reporting thread: <see cref="Progress{T}"/> would post to a synchronization context and could reorder.
/// </summary>
internal sealed class ChannelProgress<T>(ChannelWriter<T> writer) : IProgress<T>
{
    public void Report(T value) => writer.TryWrite(value);
}
