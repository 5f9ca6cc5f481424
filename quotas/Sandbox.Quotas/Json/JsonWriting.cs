using System.Text.Encodings.Web;
using System.Text.Json;

namespace Sandbox.Quotas;

/// <summary>
/// The one writer configuration for everything billing prints, so output is byte-for-byte the same on every
/// machine: two-space indentation and '\n' line ends whatever the platform's newline. Times keep their '+'
/// and Korean member ids stay readable: the output is a JSON document, never embedded in HTML, so the
/// relaxed encoder's only difference (not escaping HTML-sensitive characters) is safe here.
/// </summary>
internal static class JsonWriting
{
    public static JsonWriterOptions Options { get; } = new()
    {
        Indented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
