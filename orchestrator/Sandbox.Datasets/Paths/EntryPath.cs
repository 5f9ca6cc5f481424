namespace Sandbox.Datasets.Paths;

/// <summary>A validated relative path inside a dataset: non-empty segments joined by '/'.</summary>
internal sealed record EntryPath(IReadOnlyList<string> Segments)
{
    public string Value { get; } = string.Join('/', Segments);

    /// <summary>The paths of the folders that contain this one, outermost first.</summary>
    public IEnumerable<string> Ancestors()
    {
        for (int depth = 1; depth < Segments.Count; depth++)
        {
            yield return string.Join('/', Segments.Take(depth));
        }
    }
}
