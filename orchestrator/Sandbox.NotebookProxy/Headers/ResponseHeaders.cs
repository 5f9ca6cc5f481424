using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Sandbox.NotebookProxy.Headers;

/// <summary>
/// Copies a notebook's response headers to the caller's response, without hop-by-hop headers. It reads the raw,
/// unvalidated values, so nothing is parsed or re-serialized on the way.
/// </summary>
internal static class ResponseHeaders
{
    public static void CopyTo(HttpResponseMessage source, HttpResponse destination)
    {
        var connection = source.Headers.NonValidated.TryGetValues("Connection", out var listed)
            ? ToStringValues(listed)
            : StringValues.Empty;
        var connectionNamesOthers = ConnectionHeader.NamesOtherHeaders(connection);
        var headers = destination.Headers;
        Copy(source.Headers.NonValidated, headers, connection, connectionNamesOthers);
        Copy(source.Content.Headers.NonValidated, headers, connection, connectionNamesOthers);
    }

    private static void Copy(HttpHeadersNonValidated source, IHeaderDictionary destination, StringValues connection, bool connectionNamesOthers)
    {
        foreach (var (name, values) in source)
        {
            if (HeaderRules.IsHopByHopResponseHeader(name) || (connectionNamesOthers && ConnectionHeader.Names(connection, name)))
            {
                continue;
            }

            destination[name] = ToStringValues(values);
        }
    }

    private static StringValues ToStringValues(HeaderStringValues values)
    {
        if (values.Count == 1)
        {
            return new StringValues(values.ToString());
        }

        var array = new string[values.Count];
        var index = 0;
        foreach (var value in values)
        {
            array[index++] = value;
        }

        return new StringValues(array);
    }
}
