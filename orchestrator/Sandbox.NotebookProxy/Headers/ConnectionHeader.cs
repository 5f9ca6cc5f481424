using Microsoft.Extensions.Primitives;

namespace Sandbox.NotebookProxy.Headers;

/// <summary>
/// The Connection header's list of further hop-by-hop headers (RFC 9110 section 7.6.1). Almost every request says only
/// <c>keep-alive</c>, <c>close</c> or <c>upgrade</c>; <see cref="NamesOtherHeaders"/> lets the copy loops skip the
/// per-header search in that common case, and the search itself does not allocate.
/// </summary>
internal static class ConnectionHeader
{
    /// <summary>Whether the Connection header names anything besides the connection options every peer understands.</summary>
    public static bool NamesOtherHeaders(StringValues connection)
    {
        foreach (var value in connection)
        {
            var rest = value.AsSpan();
            while (NextToken(ref rest, out var token))
            {
                if (!IsConnectionOption(token))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="headerName"/> is one of the tokens of the Connection header.</summary>
    public static bool Names(StringValues connection, string headerName)
    {
        foreach (var value in connection)
        {
            var rest = value.AsSpan();
            while (NextToken(ref rest, out var token))
            {
                if (token.Equals(headerName, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsConnectionOption(ReadOnlySpan<char> token) =>
        token.Equals("keep-alive", StringComparison.OrdinalIgnoreCase)
        || token.Equals("close", StringComparison.OrdinalIgnoreCase)
        || token.Equals("upgrade", StringComparison.OrdinalIgnoreCase);

    private static bool NextToken(ref ReadOnlySpan<char> rest, out ReadOnlySpan<char> token)
    {
        while (!rest.IsEmpty)
        {
            var comma = rest.IndexOf(',');
            var candidate = (comma < 0 ? rest : rest[..comma]).Trim();
            rest = comma < 0 ? [] : rest[(comma + 1)..];
            if (!candidate.IsEmpty)
            {
                token = candidate;
                return true;
            }
        }

        token = default;
        return false;
    }
}
