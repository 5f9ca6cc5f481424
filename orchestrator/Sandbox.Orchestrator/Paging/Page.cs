using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;

namespace Sandbox.Orchestrator.Paging;

/// <summary>One page of a list, and where the next one starts (null on the last page).</summary>
internal sealed record Page<T>(IReadOnlyList<T> Items, PageCursor? Next)
{
    /// <summary>The items (the body stays a JSON array), with <c>Link: &lt;…&gt;; rel="next"</c> when there is a next page: the
    /// same request with its <c>cursor</c> (RFC 8288, as GitHub's API pages).</summary>
    public Ok<IReadOnlyList<TView>> Answer<TView>(HttpContext context, Func<T, TView> view)
    {
        if (Next is { } next)
        {
            var query = context.Request.Query
                .Where(q => !string.Equals(q.Key, "cursor", StringComparison.OrdinalIgnoreCase))
                .SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v)))
                .Append(KeyValuePair.Create("cursor", (string?)next.Encode()));
            var url = QueryHelpers.AddQueryString(context.Request.PathBase + context.Request.Path, query);
            context.Response.Headers.Append("Link", $"<{url}>; rel=\"next\"");
        }

        return TypedResults.Ok<IReadOnlyList<TView>>(Items.Select(view).ToList());
    }
}
