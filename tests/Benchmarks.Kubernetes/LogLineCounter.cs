namespace Benchmarks.Kubernetes;

/// <summary>Counts the lines of a growing log file that hold each of some markers, reading only what was added since the last count.</summary>
internal sealed class LogLineCounter(string path, params string[] markers)
{
    private readonly long[] _counts = new long[markers.Length];
    private long _position;
    private string _partial = "";

    /// <summary>How many lines so far hold each marker (in the order given).</summary>
    public IReadOnlyList<long> Count()
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Position = _position;
        using var reader = new StreamReader(stream);
        var text = _partial + reader.ReadToEnd();
        _position = stream.Position;
        var lastBreak = text.LastIndexOf('\n');
        _partial = text[(lastBreak + 1)..];
        foreach (var line in text.AsSpan(0, lastBreak + 1).EnumerateLines())
        {
            for (var i = 0; i < markers.Length; i++)
            {
                if (line.Contains(markers[i], StringComparison.Ordinal))
                {
                    _counts[i]++;
                }
            }
        }

        return [.. _counts];
    }
}
