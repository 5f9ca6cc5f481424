using System.Buffers;
using Sandbox.Datasets.Archives;
using Sandbox.Datasets.Paths;

namespace Sandbox.Datasets.Context;

/// <summary>
/// One run of <see cref="DatasetBuildContextWriter"/>: walks the archive once, judging and copying each entry,
/// then returns the manifest. Refusals are thrown as <see cref="ArchiveRefusedException"/>.
/// </summary>
internal sealed class BuildContextConversion(DatasetArchiveLimits limits, DatasetName name, DatasetVersion version, Stream buildContext)
{
    private const string FilesFolder = "files/";
    private const int CopyBufferBytes = 256 * 1024;

    // Buffers on both sides: inflaters read 8 KiB at a time and tar headers are 512 bytes, and the caller's
    // streams may be unbuffered. Neither is disposed, as that would dispose the caller's stream.
    private const int StreamBufferBytes = 1024 * 1024;

    private readonly BuildContextTarWriter _writer = new(new BufferedStream(buildContext, StreamBufferBytes));
    private readonly DatasetTree _tree = new();
    private readonly List<DatasetFile> _files = [];
    private readonly List<string> _newDirectories = [];

    public async Task<DatasetManifest> RunAsync(Stream archive, ArchiveFormat format, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
        try
        {
            // 1. Count what is consumed from the staged file and what comes out of decompression.
            var compressed = new ByteCounter();
            var expanded = new ByteCounter();
            //    Counting sits above the read buffer, so read-ahead never dilutes the ratio of a bomb.
            using var countedArchive = new CountingReadStream(new BufferedStream(archive, StreamBufferBytes), compressed, leaveOpen: true);
            var budget = new ArchiveBudget(limits, compressed, expanded);
            using IArchiveEntryReader reader = await OpenAsync(countedArchive, format, expanded, budget.CheckRatio, cancellationToken).ConfigureAwait(false);
            var copier = new FileContentCopier(_writer, budget, buffer);

            // 2. Judge and copy every entry, in the archive's order.
            await _writer.WriteDirectoryAsync(FilesFolder, cancellationToken).ConfigureAwait(false);
            //    While the next header is read no entry is to blame yet (a bomb may hide in a PAX header).
            while (await NextEntryAsync(reader, budget, cancellationToken).ConfigureAwait(false) is ArchiveEntry entry)
            {
                await ConvertEntryAsync(entry, reader, budget, copier, cancellationToken).ConfigureAwait(false);
            }

            // 3. No files, no dataset.
            if (_files.Count == 0)
            {
                throw new ArchiveRefusedException(new DatasetError(DatasetErrorCode.Empty, "The archive holds no files."));
            }

            // 4. The manifest (the image itself is made from the staged files by Oci.DataImageLayoutWriter).
            _files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
            string digest = ContentDigest.Compute(_files);
            await _writer.FinishAsync(cancellationToken).ConfigureAwait(false);
            return new DatasetManifest(name.Value, version.Value, digest, budget.TotalBytes, _files.AsReadOnly());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<IArchiveEntryReader> OpenAsync(Stream archive, ArchiveFormat format, ByteCounter expanded, Action afterRead, CancellationToken cancellationToken)
    {
        if (format == ArchiveFormat.TarGzip)
        {
            return new TarGzipEntryReader(archive, expanded, afterRead);
        }

        long? claimed = await ZipEndRecordProbe.ReadEntryCountAsync(archive, cancellationToken).ConfigureAwait(false);
        if (claimed is null)
        {
            throw new ArchiveRefusedException(new DatasetError(DatasetErrorCode.Truncated,
                "The zip has no end-of-central-directory record: it is truncated."));
        }

        if (claimed > 2L * limits.MaxFiles)
        {
            throw new ArchiveRefusedException(new DatasetError(DatasetErrorCode.TooManyFiles,
                $"The zip lists {claimed} entries, more than the limit of {limits.MaxFiles} files and {limits.MaxFiles} folders."));
        }

        return new ZipEntryReader(archive, expanded, afterRead);
    }

    private static async Task<ArchiveEntry?> NextEntryAsync(IArchiveEntryReader reader, ArchiveBudget budget, CancellationToken cancellationToken)
    {
        budget.CurrentEntry = null;
        ArchiveEntry? entry = await reader.NextAsync(cancellationToken).ConfigureAwait(false);
        budget.CurrentEntry = entry?.RawName;
        return entry;
    }

    private async Task ConvertEntryAsync(ArchiveEntry entry, IArchiveEntryReader reader, ArchiveBudget budget, FileContentCopier copier, CancellationToken cancellationToken)
    {
        // 1. Kinds that are never allowed, whatever their name.
        switch (entry.Kind)
        {
            case ArchiveEntryKind.Metadata:
                return;
            case ArchiveEntryKind.Link:
                throw Refusal(DatasetErrorCode.Link, entry, $"is {entry.Description}; datasets hold plain files only");
            case ArchiveEntryKind.SpecialFile:
                throw Refusal(DatasetErrorCode.SpecialFile, entry, $"is {entry.Description}; datasets hold plain files only");
        }

        // 2. The name, then its place in the tree.
        DatasetResult<EntryPath> parsed = EntryPathParser.Parse(entry.RawName, limits);
        if (!parsed.IsSuccess)
        {
            throw new ArchiveRefusedException(parsed.Error);
        }

        EntryPath path = parsed.Value;
        if (path.Segments.Count == 0)
        {
            if (entry.Kind == ArchiveEntryKind.Directory)
            {
                return; // "./": the dataset's root, which files/ already is.
            }

            throw Refusal(DatasetErrorCode.UnsafeName, entry, "is a file without a name");
        }

        _newDirectories.Clear();
        DatasetError? clash = entry.Kind == ArchiveEntryKind.Directory
            ? _tree.AddDirectory(path, entry.RawName, _newDirectories)
            : _tree.AddFile(path, entry.RawName, _newDirectories);
        if (clash is not null)
        {
            throw new ArchiveRefusedException(clash);
        }

        budget.AdmitDirectories(entry.RawName, _tree.DirectoryCount);
        foreach (string directory in _newDirectories)
        {
            await _writer.WriteDirectoryAsync(FilesFolder + directory, cancellationToken).ConfigureAwait(false);
        }

        // 3. A file's content streams through the copier.
        if (entry.Kind == ArchiveEntryKind.File)
        {
            budget.AdmitFile(entry.RawName, entry.Size);
            await _writer.BeginFileAsync(FilesFolder + path.Value, entry.Size, cancellationToken).ConfigureAwait(false);
            Stream content = reader.OpenContent();
            string sha256 = await copier.CopyAsync(content, entry.RawName, entry.Size, cancellationToken).ConfigureAwait(false);
            _files.Add(new DatasetFile(path.Value, entry.Size, sha256));
        }
    }

    private static ArchiveRefusedException Refusal(DatasetErrorCode code, ArchiveEntry entry, string because) =>
        new(new DatasetError(code, $"Entry '{EntryNameDisplay.Quote(entry.RawName)}' {because}.", entry.RawName));
}
