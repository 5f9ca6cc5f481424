namespace Sandbox.Runtime.Kubernetes.Tests;

/// <summary>Every golden manifest is valid against the official Kubernetes schemas; the check itself catches a broken one.</summary>
public sealed class ManifestSchemaTests
{
    [Fact]
    public async Task Every_golden_manifest_is_valid_against_the_kubernetes_schemas()
    {
        var files = Directory.GetFiles(Golden.Folder, "*.json").Order(StringComparer.Ordinal).ToArray();
        Assert.True(files.Length >= 8, $"only {files.Length} golden files");

        var (exitCode, output) = await ManifestValidator.ValidateAsync(files);

        Assert.True(exitCode == 0, output);
        Assert.Contains($"{files.Length} documents, 0 invalid", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_manifest_fails_the_check_and_is_named()
    {
        var folder = Directory.CreateTempSubdirectory("k8s-manifests-");
        try
        {
            var good = Path.Combine(Golden.Folder, "pod-cpu.json");
            var broken = Path.Combine(folder.FullName, "broken-pod.json");
            var text = await File.ReadAllTextAsync(Path.Combine(Golden.Folder, "pod-cpu.json"));
            await File.WriteAllTextAsync(broken, text.Replace("\"restartPolicy\": \"Never\"", "\"restartPolicy\": \"Sometimes\"", StringComparison.Ordinal));

            var (exitCode, output) = await ManifestValidator.ValidateAsync(good, broken);

            Assert.Equal(1, exitCode);
            Assert.Contains("broken-pod.json#0 v1/Pod sbx-inst0example-s0000000000000042", output, StringComparison.Ordinal);
            Assert.Contains("restartPolicy", output, StringComparison.Ordinal);
            Assert.DoesNotContain("pod-cpu.json#0", output, StringComparison.Ordinal);
            Assert.Contains("2 documents, 1 invalid", output, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
