using System.Text;

namespace Benchmarks.Kubernetes;

/// <summary>Reads what a log file gains from a point on, without re-reading what came before.</summary>
internal sealed class LogFollower(string path)
{
    private long _position;
    private readonly StringBuilder _unread = new();

    /// <summary>Forgets everything written so far: later waits look at new text only.</summary>
    public void SkipToEnd()
    {
        _position = new FileInfo(path).Length;
        _unread.Clear();
    }

    /// <summary>Waits until text written after the last skip (or the last match) holds <paramref name="text"/>.</summary>
    public async Task<bool> WaitForAsync(string text, TimeSpan timeout, TimeSpan poll)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            {
                stream.Position = _position;
                using var reader = new StreamReader(stream);
                _unread.Append(await reader.ReadToEndAsync());
                _position = stream.Position;
            }

            var all = _unread.ToString();
            var at = all.IndexOf(text, StringComparison.Ordinal);
            if (at >= 0)
            {
                _unread.Clear().Append(all.AsSpan(at + text.Length));
                return true;
            }

            // Keep a tail in case the text is cut between two reads.
            if (_unread.Length > text.Length * 4)
            {
                _unread.Remove(0, _unread.Length - text.Length * 4);
            }

            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(poll); // poll interval over the log file until the line appears or the deadline
        }
    }
}
