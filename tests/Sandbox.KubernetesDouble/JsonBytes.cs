using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sandbox.KubernetesDouble;

/// <summary>Compact UTF-8 JSON of nodes, and the watch lines built from stored bytes without serialising again.</summary>
internal static class JsonBytes
{
    private static readonly byte[] LineEnd = "}\n"u8.ToArray();

    /// <summary>The compact UTF-8 JSON of <paramref name="node"/>.</summary>
    public static byte[] Of(JsonNode node)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            node.WriteTo(writer);
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>One watch line: <c>{"type":TYPE,"object":OBJECT}</c> and a newline.</summary>
    public static byte[] WatchLine(string type, byte[] objectJson)
    {
        var head = Encoding.UTF8.GetBytes("{\"type\":\"" + type + "\",\"object\":");
        var line = new byte[head.Length + objectJson.Length + LineEnd.Length];
        head.CopyTo(line, 0);
        objectJson.CopyTo(line, head.Length);
        LineEnd.CopyTo(line, head.Length + objectJson.Length);
        return line;
    }
}
