using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Sandbox.Orchestrator.NotebookOrigins;

/// <summary>
/// The cookie of a notebook origin: host-only (no Domain, so no other origin receives it), HttpOnly, <c>__Host-</c>
/// prefixed over HTTPS (so nothing on another subdomain can plant or overwrite it), SameSite=Lax (it must arrive on
/// the top-level navigation that follows the hand-off redirect, which starts on the portal's site). Its value is a
/// <see cref="NotebookCookieTicket"/> encrypted and signed with the data-protection keys, so it cannot be forged or
/// moved to another session.
/// </summary>
internal sealed class NotebookCookie(IDataProtectionProvider protection, IOptions<NotebookOriginOptions> options, TimeProvider clock)
{
    /// <summary>The name over HTTP (<c>./sandbox up</c> on loopback); browsers refuse <c>__Host-</c> cookies without HTTPS.</summary>
    public const string PlainName = "sandbox.nb";

    /// <summary>The name over HTTPS.</summary>
    public const string SecureName = "__Host-sandbox.nb";

    private readonly IDataProtector _protector = protection.CreateProtector("Sandbox.NotebookCookie.v1");

    /// <summary>Sets a fresh cookie for <paramref name="ticket"/>'s session and member on the response.</summary>
    public void Issue(HttpContext context, string sessionId, string memberId, string securityStamp)
    {
        var now = clock.GetUtcNow();
        var ticket = new NotebookCookieTicket(sessionId, memberId, securityStamp, now, now + options.Value.CookieLifetime);
        var value = _protector.Protect(JsonSerializer.Serialize(ticket, JsonSerializerOptions.Web));
        var secure = context.Request.IsHttps;
        context.Response.Cookies.Append(secure ? SecureName : PlainName, value, new CookieOptions
        {
            HttpOnly = true,
            Secure = secure,
            SameSite = SameSiteMode.Lax,
            Path = "/",
            MaxAge = options.Value.CookieLifetime,
            IsEssential = true,
        });
    }

    /// <summary>The request's ticket when it is genuine and unexpired, or null.</summary>
    public NotebookCookieTicket? Read(HttpRequest request)
    {
        if (request.Cookies[request.IsHttps ? SecureName : PlainName] is not { Length: > 0 } value)
        {
            return null;
        }

        try
        {
            var ticket = JsonSerializer.Deserialize<NotebookCookieTicket>(_protector.Unprotect(value), JsonSerializerOptions.Web);
            return ticket is not null && ticket.ExpiresAt > clock.GetUtcNow() ? ticket : null;
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Whether a ticket is past half its life and should be renewed (sliding expiry).</summary>
    public bool ShouldRenew(NotebookCookieTicket ticket) => clock.GetUtcNow() - ticket.IssuedAt > options.Value.CookieLifetime / 2;
}
