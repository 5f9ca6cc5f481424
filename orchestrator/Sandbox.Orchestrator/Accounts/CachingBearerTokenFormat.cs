using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authentication;

namespace Sandbox.Orchestrator.Accounts;

/// <summary>
/// Remembers the tickets of bearer tokens already read, so a client that sends the same token on every request (the
/// portal, a notebook's browser tab through the proxy) pays the token's decryption and MAC check once rather than per
/// request; each request gets its own copy of the ticket. Expiry is still checked on every request by the bearer
/// handler, from the ticket. Bounded: when full, it starts over.
/// </summary>
internal sealed class CachingBearerTokenFormat(ISecureDataFormat<AuthenticationTicket> inner, TimeProvider clock, int capacity = 10_000)
    : ISecureDataFormat<AuthenticationTicket>
{
    private readonly ConcurrentDictionary<string, AuthenticationTicket> _tickets = new(StringComparer.Ordinal);

    public string Protect(AuthenticationTicket data) => inner.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, purpose: null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        if (protectedText is null || purpose is not null)
        {
            return inner.Unprotect(protectedText, purpose);
        }

        if (_tickets.TryGetValue(protectedText, out var known))
        {
            if (known.Properties.ExpiresUtc is { } expires && expires > clock.GetUtcNow())
            {
                return CopyOf(known);
            }

            _tickets.TryRemove(protectedText, out _);
        }

        var ticket = inner.Unprotect(protectedText);
        if (ticket?.Properties.ExpiresUtc is null)
        {
            // Unreadable (null), or without an expiry: never remembered.
            return ticket;
        }

        if (_tickets.Count >= capacity)
        {
            _tickets.Clear();
        }

        _tickets[protectedText] = CopyOf(ticket);
        return ticket;
    }

    private static AuthenticationTicket CopyOf(AuthenticationTicket ticket) =>
        new(ticket.Principal.Clone(), ticket.Properties.Clone(), ticket.AuthenticationScheme);
}
