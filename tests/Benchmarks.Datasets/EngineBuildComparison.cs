using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;

namespace Benchmarks.Datasets;

/// <summary>
/// The floor Sandbox's in-process publishing is measured against: the same files already extracted to a folder and
/// built with the docker CLI (legacy builder) from an equivalent FROM scratch / COPY Dockerfile. The image is removed.
/// </summary>
internal sealed class EngineBuildComparison(string work)
{
    private const string Dockerfile = "FROM scratch\nCOPY files/ /data/bench/\nVOLUME /data/bench\nCMD [\"/none\"]\n";

    /// <summary>The floor: extracts the tar.gz (not timed), then times <c>docker build</c> of the folder.</summary>
    public async Task<TimeSpan> DockerCliBuildAsync(string tarGz, string tag)
    {
        var folder = Directory.CreateDirectory(Path.Combine(work, "cli-context")).FullName;
        try
        {
            var files = Directory.CreateDirectory(Path.Combine(folder, "files")).FullName;
            await using (var archive = File.OpenRead(tarGz))
            await using (var gzip = new GZipStream(archive, CompressionMode.Decompress))
            {
                await TarFile.ExtractToDirectoryAsync(gzip, files, overwriteFiles: false);
            }

            await File.WriteAllTextAsync(Path.Combine(folder, "Dockerfile"), Dockerfile);
            var build = Stopwatch.StartNew();
            await RunDockerAsync("build", "-q", "-t", tag, folder);
            build.Stop();
            await RunDockerAsync("rmi", tag);
            return build.Elapsed;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task RunDockerAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The engine here is 20.10 without BuildKit; the legacy builder is what Sandbox used before its in-process images.
        start.Environment["DOCKER_BUILDKIT"] = "0";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"docker {string.Join(' ', arguments)} failed: {await error}{await output}");
        }
    }
}
