using System.Globalization;
using System.Text;

namespace Sandbox.Datasets.Tests.Corpus;

/// <summary>
/// A block of CSV-like text that compresses about as well as real tables (a few times, not hundreds), repeated
/// to make large files without holding them. Repeats are 1 MiB apart, beyond deflate's 32 KiB window.
/// </summary>
internal static class CsvLikeData
{
    public static readonly byte[] Block = MakeBlock(1024 * 1024);

    /// <summary>Writes <paramref name="length"/> bytes of the block, over and over, to <paramref name="output"/>.</summary>
    public static void Write(Stream output, long length)
    {
        for (long left = length; left > 0; left -= Block.Length)
        {
            output.Write(Block, 0, (int)Math.Min(Block.Length, left));
        }
    }

    private static byte[] MakeBlock(int length)
    {
        var random = new Random(2026);
        var text = new StringBuilder(length + 64);
        while (text.Length < length)
        {
            text.Append(CultureInfo.InvariantCulture, $"{random.Next(1, 400)},{random.Next(100_000)},{random.NextDouble():F4},shop-{random.Next(5000)}\n");
        }

        return Encoding.ASCII.GetBytes(text.ToString(0, length));
    }
}
