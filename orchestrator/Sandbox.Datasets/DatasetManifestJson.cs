using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Sandbox.Datasets;

/// <summary>
/// The manifest as JSON, written field by field so the text is stable (same manifest, same bytes) for golden
/// files, catalog storage and previews. Korean and other non-ASCII file names stay readable.
/// </summary>
public static class DatasetManifestJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        NewLine = "\n",
    };

    public static string Serialize(DatasetManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("name", manifest.Name);
            json.WriteString("version", manifest.Version);
            json.WriteString("contentDigest", manifest.ContentDigest);
            json.WriteNumber("totalBytes", manifest.TotalBytes);
            json.WriteNumber("fileCount", manifest.Files.Count);
            json.WriteStartArray("files");
            foreach (DatasetFile file in manifest.Files)
            {
                json.WriteStartObject();
                json.WriteString("path", file.Path);
                json.WriteNumber("size", file.Size);
                json.WriteString("sha256", file.Sha256);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Reads what <see cref="Serialize"/> wrote; null when <paramref name="json"/> is not such a manifest.</summary>
    public static DatasetManifest? Deserialize(string json)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            JsonElement root = document.RootElement;
            var files = root.GetProperty("files").EnumerateArray()
                .Select(file => new DatasetFile(
                    file.GetProperty("path").GetString()!,
                    file.GetProperty("size").GetInt64(),
                    file.GetProperty("sha256").GetString()!))
                .ToList();
            return new DatasetManifest(
                root.GetProperty("name").GetString()!,
                root.GetProperty("version").GetString()!,
                root.GetProperty("contentDigest").GetString()!,
                root.GetProperty("totalBytes").GetInt64(),
                files.AsReadOnly());
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
