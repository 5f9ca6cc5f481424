using Microsoft.Extensions.Time.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Sandbox.Orchestrator.NotebookOrigins;
using Sandbox.Orchestrator.Tests.Fakes;

namespace Sandbox.Orchestrator.Tests.NotebookOrigins;

public sealed class NotebookCookieTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero));
    private readonly IDataProtectionProvider _keys = new EphemeralDataProtectionProvider();

    private NotebookCookie Cookie() => new(_keys, Options.Create(new NotebookOriginOptions { CookieLifetime = TimeSpan.FromHours(1) }), _clock);

    private static string IssuedSetCookie(NotebookCookie cookie, bool https)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = https ? "https" : "http";
        cookie.Issue(context, "abcdefghijklmnop", "m-1", "stamp-1");
        return context.Response.Headers.SetCookie.ToString();
    }

    private static HttpRequest RequestWith(string setCookie, bool https)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = https ? "https" : "http";
        context.Request.Headers.Cookie = setCookie.Split(';')[0];
        return context.Request;
    }

    [Fact]
    public void Over_https_the_cookie_is_host_prefixed_secure_http_only_lax_and_host_only()
    {
        var header = IssuedSetCookie(Cookie(), https: true);
        Assert.StartsWith("__Host-sandbox.nb=", header, StringComparison.Ordinal);
        Assert.Contains("secure", header, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", header, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", header, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", header, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain", header, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Over_plain_http_it_has_no_prefix_browsers_would_refuse()
    {
        var header = IssuedSetCookie(Cookie(), https: false);
        Assert.StartsWith("sandbox.nb=", header, StringComparison.Ordinal);
        Assert.DoesNotContain("secure", header, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Reads_back_what_it_issued_until_it_expires()
    {
        var cookie = Cookie();
        var header = IssuedSetCookie(cookie, https: true);
        var ticket = cookie.Read(RequestWith(header, https: true));
        Assert.NotNull(ticket);
        Assert.Equal(("abcdefghijklmnop", "m-1", "stamp-1"), (ticket.SessionId, ticket.MemberId, ticket.SecurityStamp));
        Assert.False(cookie.ShouldRenew(ticket));

        _clock.Advance(TimeSpan.FromMinutes(31));
        Assert.True(cookie.ShouldRenew(cookie.Read(RequestWith(header, https: true))!));
        _clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Null(cookie.Read(RequestWith(header, https: true)));
    }

    [Fact]
    public void A_tampered_value_or_another_installations_keys_read_as_nothing()
    {
        var cookie = Cookie();
        var header = IssuedSetCookie(cookie, https: false);
        var value = header.Split(';')[0];
        Assert.Null(cookie.Read(RequestWith(value[..^2] + (value[^2] == 'A' ? "BB" : "AA"), https: false)));
        Assert.Null(new NotebookCookie(new EphemeralDataProtectionProvider(), Options.Create(new NotebookOriginOptions()), _clock)
            .Read(RequestWith(header, https: false)));
        Assert.Null(cookie.Read(RequestWith("sandbox.nb=not-a-ticket", https: false)));
    }

    [Fact]
    public void The_http_cookie_is_not_read_over_https()
    {
        var cookie = Cookie();
        Assert.Null(cookie.Read(RequestWith(IssuedSetCookie(cookie, https: false), https: true)));
    }
}
