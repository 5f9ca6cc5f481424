using Sandbox.Datasets;

namespace Sandbox.Orchestrator.Datasets;

/// <summary>What a dataset version holds, shown without launching a notebook: its files and the first rows of some CSV files.</summary>
internal sealed record DatasetPreviewView(string Name, string Version, IReadOnlyList<DatasetFile> Files, IReadOnlyList<DatasetCsvPreview> Csv);

/// <summary>
/// The first rows of one CSV file, each an array of fields. <c>Truncated</c>: the file goes on beyond these rows
/// (or beyond the bytes a preview reads).
/// </summary>
internal sealed record DatasetCsvPreview(string Path, IReadOnlyList<IReadOnlyList<string>> Rows, bool Truncated);
