using Microsoft.Extensions.Options;
using Sandbox.Orchestrator.Scheduling;
using Sandbox.Runtime;

namespace Sandbox.Orchestrator.Sweeps;

/// <summary>
/// Removes dataset image readers older than <see cref="SweepOptions.ReaderMaxAge"/>: a preview releases its reader when
/// it is done, so an old one was left by a crash (it holds a copy of the dataset's files in its volume).
/// </summary>
internal sealed partial class ImageReaderSweepWork(
    IDataImageReaderCleanup readers, IOptions<SweepOptions> options, TimeProvider clock, ILogger<ImageReaderSweepWork> logger) : IScheduledWork
{
    /// <inheritdoc />
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var removed = await readers.RemoveCreatedBeforeAsync(clock.GetUtcNow() - options.Value.ReaderMaxAge, cancellationToken);
        if (removed > 0)
        {
            Log.Removed(logger, removed);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Sweep removed {Count} dataset image readers left behind")]
        public static partial void Removed(ILogger logger, int count);
    }
}
