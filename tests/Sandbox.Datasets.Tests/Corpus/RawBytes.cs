using System.Text;

namespace Sandbox.Datasets.Tests.Corpus;

/// <summary>
/// Byte surgery for archives the .NET writers refuse to produce: names that are not UTF-8. Tests write an entry
/// under an ASCII placeholder name, then swap the placeholder's bytes for raw ones of the same length.
/// </summary>
internal static class RawBytes
{
    /// <summary>Replaces every occurrence of <paramref name="placeholder"/> (ASCII) by <paramref name="replacement"/> (same length).</summary>
    public static byte[] Replace(byte[] data, string placeholder, byte[] replacement)
    {
        byte[] find = Encoding.ASCII.GetBytes(placeholder);
        Assert.Equal(find.Length, replacement.Length);
        byte[] copy = (byte[])data.Clone();
        int found = 0;
        for (int at = copy.AsSpan().IndexOf(find); at >= 0;)
        {
            replacement.CopyTo(copy, at);
            found++;
            int next = copy.AsSpan(at + find.Length).IndexOf(find);
            at = next < 0 ? -1 : at + find.Length + next;
        }

        Assert.True(found > 0, $"placeholder '{placeholder}' not found");
        return copy;
    }

    /// <summary>Recomputes the checksum of every ustar header block in an uncompressed tar after surgery on names.</summary>
    public static void FixTarChecksums(byte[] tar)
    {
        for (int block = 0; block + 512 <= tar.Length; block += 512)
        {
            Span<byte> header = tar.AsSpan(block, 512);
            if (!header.Slice(257, 5).SequenceEqual("ustar"u8))
            {
                continue;
            }

            "        "u8.CopyTo(header.Slice(148));
            int sum = 0;
            foreach (byte b in header)
            {
                sum += b;
            }

            Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0')).CopyTo(header.Slice(148));
            header[154] = 0;
            header[155] = (byte)' ';
        }
    }
}
