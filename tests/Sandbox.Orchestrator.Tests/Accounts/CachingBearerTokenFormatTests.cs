using Microsoft.Extensions.Time.Testing;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Sandbox.Orchestrator.Accounts;
using Sandbox.Orchestrator.Tests.Fakes;

namespace Sandbox.Orchestrator.Tests.Accounts;

public sealed class CachingBearerTokenFormatTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 3, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_token_is_decrypted_once_and_every_request_gets_its_own_copy_of_the_ticket()
    {
        var inner = new CountingTicketFormat(_clock.GetUtcNow().AddHours(1));
        var format = new CachingBearerTokenFormat(inner, _clock);

        var first = format.Unprotect("token-a");
        var second = format.Unprotect("token-a");

        Assert.Equal(1, inner.Unprotects);
        Assert.NotSame(first, second);
        Assert.NotSame(first!.Principal, second!.Principal);
        Assert.Equal("m-token-a", second.Principal.FindFirstValue(ClaimTypes.NameIdentifier));
    }

    [Fact]
    public void An_expired_ticket_is_read_again_so_the_handler_sees_it_expired()
    {
        var inner = new CountingTicketFormat(_clock.GetUtcNow().AddMinutes(5));
        var format = new CachingBearerTokenFormat(inner, _clock);
        format.Unprotect("token-a");

        _clock.Advance(TimeSpan.FromMinutes(6));
        var later = format.Unprotect("token-a");

        Assert.Equal(2, inner.Unprotects);
        Assert.True(later!.Properties.ExpiresUtc <= _clock.GetUtcNow());
    }

    [Fact]
    public void Unreadable_tokens_are_never_remembered_and_the_cache_stays_bounded()
    {
        var inner = new CountingTicketFormat(_clock.GetUtcNow().AddHours(1));
        var format = new CachingBearerTokenFormat(inner, _clock, capacity: 3);

        Assert.Null(format.Unprotect("bad"));
        Assert.Null(format.Unprotect("bad"));
        foreach (var token in new[] { "t1", "t2", "t3", "t4", "t1" })
        {
            format.Unprotect(token);
        }

        // 2 unreadable + t1..t4 + t1 again after the cache started over at t4.
        Assert.Equal(7, inner.Unprotects);
    }

    /// <summary>A token format that "decrypts" any token but "bad", counting the work.</summary>
    private sealed class CountingTicketFormat(DateTimeOffset expires) : ISecureDataFormat<AuthenticationTicket>
    {
        public int Unprotects;

        public string Protect(AuthenticationTicket data) => throw new NotSupportedException();

        public string Protect(AuthenticationTicket data, string? purpose) => throw new NotSupportedException();

        public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

        public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
        {
            Unprotects++;
            if (protectedText == "bad")
            {
                return null;
            }

            var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "m-" + protectedText)], "Bearer"));
            return new AuthenticationTicket(principal, new AuthenticationProperties { ExpiresUtc = expires }, "Bearer");
        }
    }
}
