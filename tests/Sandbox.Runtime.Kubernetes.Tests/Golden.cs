namespace Sandbox.Runtime.Kubernetes.Tests;

/// <summary>Compares what the adapter sends with the golden files under Golden/ (serialised with KubernetesJson).</summary>
internal static class Golden
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Golden");

    /// <summary>
    /// Asserts that <paramref name="manifest"/> is the golden file's content. The actual text is written beside the test
    /// binary (<c>NAME.actual.json</c>), so a deliberate change can be reviewed and copied over.
    /// </summary>
    public static void AssertMatches(string name, object manifest)
    {
        var json = Indent(k8s.KubernetesJson.Serialize(manifest));
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, name + ".actual.json"), json + "\n");
        var golden = File.ReadAllText(Path.Combine(Folder, name + ".json"));
        Assert.Equal(golden.ReplaceLineEndings().Trim(), json.ReplaceLineEndings().Trim());
    }

    private static readonly System.Text.Json.JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // KubernetesJson writes one line, properties in alphabetical order; indented, a diff reads well.
    private static string Indent(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return System.Text.Json.JsonSerializer.Serialize(document.RootElement, Indented);
    }
}
