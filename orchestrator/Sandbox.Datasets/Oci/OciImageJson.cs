using System.Text.Encodings.Web;
using System.Text.Json;

namespace Sandbox.Datasets.Oci;

/// <summary>
/// The JSON documents of a data image (config, manifest, index, <c>oci-layout</c>), written field by field in a fixed
/// order, compact, so the same inputs always give the same bytes and therefore the same digests.
/// </summary>
internal static class OciImageJson
{
    /// <summary>The command of a data image: never run, but the engine makes no container from an image without one.</summary>
    public const string PlaceholderCommand = "/none";

    /// <summary>
    /// The image config: Linux, no environment, the dataset folder declared a volume (sessions mount it read-only
    /// from a never-started container), labels, and the one layer's uncompressed digest.
    /// </summary>
    public static byte[] Config(IReadOnlyDictionary<string, string> labels, string volume, string diffId) => Write(json =>
    {
        json.WriteString("architecture", "amd64");
        json.WriteString("os", "linux");
        json.WriteStartObject("config");
        json.WriteStartArray("Cmd");
        json.WriteStringValue(PlaceholderCommand);
        json.WriteEndArray();
        WriteMap(json, "Labels", labels);
        json.WriteStartObject("Volumes");
        json.WriteStartObject(volume);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteStartObject("rootfs");
        json.WriteString("type", "layers");
        json.WriteStartArray("diff_ids");
        json.WriteStringValue(diffId);
        json.WriteEndArray();
        json.WriteEndObject();
    });

    public static byte[] Manifest(OciDescriptor config, OciDescriptor layer, IReadOnlyDictionary<string, string> annotations) => Write(json =>
    {
        json.WriteNumber("schemaVersion", 2);
        json.WriteString("mediaType", OciMediaTypes.Manifest);
        json.WritePropertyName("config");
        WriteDescriptor(json, config, null);
        json.WriteStartArray("layers");
        WriteDescriptor(json, layer, null);
        json.WriteEndArray();
        WriteMap(json, "annotations", annotations);
    });

    /// <summary>The layout's <c>index.json</c>: the one manifest, named <paramref name="refName"/>.</summary>
    public static byte[] Index(OciDescriptor manifest, string refName) => Write(json =>
    {
        json.WriteNumber("schemaVersion", 2);
        json.WriteString("mediaType", OciMediaTypes.Index);
        json.WriteStartArray("manifests");
        WriteDescriptor(json, manifest, new SortedDictionary<string, string>(StringComparer.Ordinal) { ["org.opencontainers.image.ref.name"] = refName });
        json.WriteEndArray();
    });

    public static byte[] Layout() => Write(json => json.WriteString("imageLayoutVersion", "1.0.0"));

    private static void WriteDescriptor(Utf8JsonWriter json, OciDescriptor descriptor, IReadOnlyDictionary<string, string>? annotations)
    {
        json.WriteStartObject();
        json.WriteString("mediaType", descriptor.MediaType);
        json.WriteString("digest", descriptor.Digest);
        json.WriteNumber("size", descriptor.Size);
        if (annotations is not null)
        {
            WriteMap(json, "annotations", annotations);
        }

        json.WriteEndObject();
    }

    private static void WriteMap(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, string> map)
    {
        json.WriteStartObject(name);
        foreach (KeyValuePair<string, string> pair in map.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            json.WriteString(pair.Key, pair.Value);
        }

        json.WriteEndObject();
    }

    // Media types keep their '+' and titles their own letters (the default encoder writes \u002B and \uXXXX, which is
    // valid but unreadable). These documents are never embedded in HTML, which is all the relaxed encoder gives up.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
