namespace Sandbox.Datasets.Archives;

/// <summary>
/// Maps what the .NET archive readers throw on a damaged archive to a refusal. Only used around reads of the
/// archive, so an exception of the same type from the output stream is never mistaken for the archive's fault.
/// </summary>
internal static class ArchiveFaults
{
    /// <summary>The refusal <paramref name="exception"/> stands for, or null when it is not an archive fault.</summary>
    public static DatasetError? Translate(Exception exception, string? entry)
    {
        string where = entry is null ? "The archive" : $"The archive, at entry '{EntryNameDisplay.Quote(entry)}',";
        return exception switch
        {
            ArchiveRefusedException refused => refused.Error,
            EndOfStreamException => new DatasetError(DatasetErrorCode.Truncated, $"{where} ends before its data does: it is truncated.", entry),
            InvalidDataException => new DatasetError(DatasetErrorCode.Corrupt, $"{where} is corrupt: {exception.Message}", entry),

            // TarReader throws these for headers it cannot accept (oversized PAX records, sparse files) and
            // ZipArchive for features it does not support (encryption, unknown compression methods).
            NotSupportedException or InvalidOperationException or FormatException or ArgumentException or OverflowException =>
                new DatasetError(DatasetErrorCode.Corrupt, $"{where} cannot be read: {exception.Message}", entry),
            _ => null,
        };
    }

    /// <summary>Runs an archive read, turning archive faults into <see cref="ArchiveRefusedException"/>.</summary>
    public static async ValueTask<T> GuardAsync<T>(Func<ValueTask<T>> read, string? entry)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not ArchiveRefusedException && Translate(exception, entry) is not null)
        {
            throw new ArchiveRefusedException(Translate(exception, entry)!);
        }
    }

    /// <summary>Synchronous <see cref="GuardAsync{T}"/>.</summary>
    public static T Guard<T>(Func<T> read, string? entry)
    {
        try
        {
            return read();
        }
        catch (Exception exception) when (exception is not ArchiveRefusedException && Translate(exception, entry) is not null)
        {
            throw new ArchiveRefusedException(Translate(exception, entry)!);
        }
    }
}
