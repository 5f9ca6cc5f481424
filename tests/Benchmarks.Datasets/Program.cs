// Times converting a 1 GiB, 10,000-file dataset archive (tar.gz and zip) into staged files, both staged on disk under
// /var/tmp (or the folder given as the first argument), and reports MB/s and memory. For tar.gz it then makes the data
// image in-process (OCI layout) and loads it into the engine, compares that whole path with `docker build` of the same
// files extracted to a folder (needs the Docker engine), and times the push of the layout to a local registry
// (Debian's docker-registry) separately. Everything it generates is deleted afterwards.
// Usage: dotnet run -c Release [-- <work folder> [<total MiB> [<files>]]]
using System.Diagnostics;
using System.Globalization;
using Benchmarks.Datasets;
using Microsoft.Extensions.DependencyInjection;
using Sandbox.Datasets;
using Sandbox.Datasets.Oci;
using Sandbox.Orchestrator.Datasets.Registry;
using Sandbox.Runtime;
using Sandbox.Runtime.Docker;
using Sandbox.Runtime.Docker.Images;
using Sandbox.Testing;

string root = args.Length > 0 ? args[0] : "/var/tmp";
long totalMiB = args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 1024;
int files = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10_000;
string work = Path.Combine(root, $"datasets-bench-{Guid.NewGuid():N}");
Directory.CreateDirectory(work);
using var services = new ServiceCollection().AddDockerRuntime().AddDockerDataImages().BuildServiceProvider();
var engine = new EngineBuildComparison(work);
var loader = services.GetRequiredService<IDataImageLoader>();
// The benchmark is an installation of its own: the remover touches only what carries its id.
services.GetRequiredService<RuntimeInstallation>().Set(new InstallationIdentity("bench" + Guid.NewGuid().ToString("N")[..8], AdoptsUnlabelled: false));
var images = services.GetRequiredService<IDataImageRemover>();
string tagBase = $"sandbox-bench/datasets-{Guid.NewGuid():N}";
try
{
    var dataset = new GeneratedDataset(totalMiB * 1024 * 1024, files);
    Console.WriteLine($"dataset: {dataset.FileCount} files, {dataset.TotalBytes / 1048576.0:F0} MiB uncompressed, in {work}");
    foreach (ArchiveFormat format in new[] { ArchiveFormat.TarGzip, ArchiveFormat.Zip })
    {
        string archive = Path.Combine(work, format == ArchiveFormat.Zip ? "upload.zip" : "upload.tar.gz");
        var generate = Stopwatch.StartNew();
        dataset.Write(archive, format);
        Console.WriteLine($"{format}: generated {new FileInfo(archive).Length / 1048576.0:F0} MiB archive in {generate.Elapsed.TotalSeconds:F1} s");

        // The floor: only decompressing the same archive, in the same run.
        var floor = Stopwatch.StartNew();
        long inflated = DecompressionFloor.Read(archive, format);
        Console.WriteLine($"{format}: decompressing alone (floor) {inflated / 1e6 / floor.Elapsed.TotalSeconds:F0} MB/s uncompressed in {floor.Elapsed.TotalSeconds:F2} s");

        string context = Path.Combine(work, "context.tar");
        var writer = new DatasetBuildContextWriter(new DatasetArchiveLimits());
        var name = DatasetName.Parse("bench").Value!;
        var version = DatasetVersion.Parse("1").Value!;
        GC.Collect();
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        using var peak = new PeakMemorySampler();
        var convert = Stopwatch.StartNew();
        DatasetResult<DatasetManifest> result = await DatasetBuildContextFile.WriteAsync(writer, name, version, archive, context, CancellationToken.None);
        convert.Stop();
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        if (!result.IsSuccess)
        {
            Console.WriteLine($"{format}: refused: {result.Error.Reason}: {result.Error.Message}");
            return 1;
        }

        double seconds = convert.Elapsed.TotalSeconds;
        Console.WriteLine(
            $"{format}: converted {result.Value.Files.Count} files, {result.Value.TotalBytes / 1048576.0:F0} MiB in {seconds:F2} s = " +
            $"{result.Value.TotalBytes / 1e6 / seconds:F0} MB/s uncompressed ({new FileInfo(archive).Length / 1e6 / seconds:F0} MB/s of archive); " +
            $"managed allocated {allocated / 1048576.0:F1} MiB, peak managed heap {peak.PeakManagedBytes / 1048576.0:F1} MiB, " +
            $"working set growth {peak.PeakWorkingSetGrowth / 1048576.0:F1} MiB; digest {result.Value.ContentDigest}");
        if (format == ArchiveFormat.TarGzip)
        {
            // The whole publishing path (conversion above + the layout + the load), then the docker CLI floor, same files.
            string layoutFolder = Path.Combine(work, "layout");
            DataImageLayout layout;
            TimeSpan write, load;
            using (var imagePeak = new PeakMemorySampler())
            {
                var watch = Stopwatch.StartNew();
                layout = await new DataImageLayoutWriter().WriteAsync(result.Value, new DataImageDescription(null, null, null), context, layoutFolder, CancellationToken.None);
                write = watch.Elapsed;
                watch.Restart();
                await loader.LoadAsync(new DataImageFiles(layout.Folder, layout.Config.Digest, [layout.Layer.Digest]), tagBase + ":sandbox", CancellationToken.None);
                load = watch.Elapsed;
                Console.WriteLine($"{format}: layout written in {write.TotalSeconds:F2} s (layer {layout.Layer.Size / 1048576.0:F0} MiB gzip), loaded into the engine in {load.TotalSeconds:F2} s; " +
                    $"peak managed heap {imagePeak.PeakManagedBytes / 1048576.0:F1} MiB, working set growth {imagePeak.PeakWorkingSetGrowth / 1048576.0:F1} MiB");
            }

            await images.RemoveAsync(tagBase + ":sandbox", CancellationToken.None);
            double sandbox = seconds + write.TotalSeconds + load.TotalSeconds;
            File.Delete(context);
            TimeSpan cli = await engine.DockerCliBuildAsync(archive, tagBase + ":cli");
            Console.WriteLine(
                $"{format}: Sandbox path (archive -> validation -> staged files -> OCI layout -> engine load) {result.Value.TotalBytes / 1e6 / sandbox:F0} MB/s in {sandbox:F2} s; " +
                $"floor (docker build of the extracted folder) {result.Value.TotalBytes / 1e6 / cli.TotalSeconds:F0} MB/s in {cli.TotalSeconds:F2} s; ratio {sandbox / cli.TotalSeconds:F2}");

            // The push to a local registry, timed on its own (blobs then manifest, over loopback HTTP).
            await using (var registry = await RegistryProcess.StartAsync())
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(30) };
                var pusher = new DataImagePusher(new OciRegistryClient(http, registry.Url, null, null), new RegistryOptions { Url = registry.Url, Repository = "bench" });
                var push = Stopwatch.StartNew();
                RegistryFailure? failure = await pusher.PushAsync(layout, "bench", CancellationToken.None);
                push.Stop();
                Console.WriteLine(failure is null
                    ? $"{format}: pushed to a local registry in {push.Elapsed.TotalSeconds:F2} s = {layout.Layer.Size / 1e6 / push.Elapsed.TotalSeconds:F0} MB/s of layer"
                    : $"{format}: push failed: {failure.Reason}: {failure.Message}");
            }

            Directory.Delete(layoutFolder, recursive: true);
        }

        File.Delete(context);
        File.Delete(archive);
    }

    return 0;
}
finally
{
    Directory.Delete(work, recursive: true);
}
