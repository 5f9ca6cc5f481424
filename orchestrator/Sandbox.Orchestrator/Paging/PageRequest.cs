using Microsoft.AspNetCore.Http.HttpResults;
using Sandbox.Orchestrator.Problems;

namespace Sandbox.Orchestrator.Paging;

/// <summary>
/// The page a list request asks for: <c>limit</c> items (default <see cref="DefaultLimit"/>, at most
/// <see cref="MaxLimit"/>) after <c>cursor</c> (from the previous page's <c>Link: rel="next"</c>; none: the first page).
/// </summary>
internal sealed record PageRequest(int Limit, PageCursor? After)
{
    /// <summary>Items per page when the request does not say.</summary>
    public const int DefaultLimit = 100;

    /// <summary>The most items one page holds.</summary>
    public const int MaxLimit = 1000;

    /// <summary>
    /// Reads <paramref name="limit"/> and <paramref name="cursor"/> for a list whose sort key has <paramref name="keyParts"/>
    /// parts; on bad input, <paramref name="problem"/> is a 400 with reason <c>page.invalid_limit</c> or <c>page.invalid_cursor</c>.
    /// </summary>
    public static PageRequest? TryRead(string? limit, string? cursor, int keyParts, out ProblemHttpResult? problem)
    {
        problem = null;
        var size = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out size) || size < 1 || size > MaxLimit))
        {
            problem = ApiProblem.BadRequest("page.invalid_limit", $"limit must be a whole number from 1 to {MaxLimit}, not '{limit}'.");
            return null;
        }

        PageCursor? after = null;
        if (!string.IsNullOrEmpty(cursor) && (after = PageCursor.TryDecode(cursor, keyParts)) is null)
        {
            problem = ApiProblem.BadRequest("page.invalid_cursor", "cursor is not one this list gave: take it from the Link header of the page before, unchanged.");
            return null;
        }

        return new PageRequest(size, after);
    }

    /// <summary>
    /// The page from <paramref name="fetched"/>, which holds up to <see cref="Limit"/> + 1 items in list order: the extra
    /// one, when there, only says that a next page exists, which starts after the last item kept.
    /// </summary>
    public Page<T> PageOf<T>(IReadOnlyList<T> fetched, Func<T, PageCursor> keyOf)
    {
        if (fetched.Count <= Limit)
        {
            return new Page<T>(fetched, null);
        }

        var items = fetched.Take(Limit).ToList();
        return new Page<T>(items, keyOf(items[^1]));
    }
}
