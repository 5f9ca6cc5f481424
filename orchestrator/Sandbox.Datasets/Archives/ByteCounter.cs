namespace Sandbox.Datasets.Archives;

/// <summary>A running count of bytes, shared between a <see cref="CountingReadStream"/> and whoever judges it.</summary>
internal sealed class ByteCounter
{
    public long Count { get; private set; }

    public void Add(long bytes) => Count += bytes;
}
