using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Sandbox.Orchestrator.Accounts.Oidc;

/// <summary>Adds optional single sign-on: the provider's JWTs, validated by the <see cref="OidcScheme.Name"/> scheme.</summary>
internal static class OidcAuthenticationBuilderExtensions
{
    /// <summary>Adds the <c>oidc</c> scheme when <c>Sandbox:Auth:Oidc:Authority</c> is set; does nothing otherwise.</summary>
    public static AuthenticationBuilder AddSandboxOidc(this AuthenticationBuilder builder, IConfiguration configuration)
    {
        if (!OidcOptions.IsConfiguredIn(configuration))
        {
            return builder;
        }

        var services = builder.Services;
        services.AddOptions<OidcOptions>().Bind(configuration.GetSection(OidcOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OidcOptions>, OidcOptionsValidator>();
        services.AddSingleton<AuditedOidcTokens>();
        services.AddScoped<OidcBearerEvents>();
        // Replaces the default handler whether authorization was added before or after (the last registration wins).
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, OidcRefusalResultHandler>();

        builder.AddJwtBearer(OidcScheme.Name, _ => { });
        services.AddOptions<JwtBearerOptions>(OidcScheme.Name).Configure<IOptions<OidcOptions>>((jwt, oidc) =>
        {
            var settings = oidc.Value;
            jwt.Authority = settings.Authority;
            jwt.Audience = settings.Audience;
            jwt.RequireHttpsMetadata = settings.RequireHttpsMetadata;
            // Claim names stay as the provider wrote them, so RoleClaim and EmailClaim mean what the provider documents.
            jwt.MapInboundClaims = false;
            jwt.SaveToken = false;
            jwt.EventsType = typeof(OidcBearerEvents);
            jwt.TokenValidationParameters.ValidateIssuer = true;
            jwt.TokenValidationParameters.ValidateAudience = true;
            jwt.TokenValidationParameters.ValidateLifetime = true;
            jwt.TokenValidationParameters.RequireExpirationTime = true;
            jwt.TokenValidationParameters.RequireSignedTokens = true;
            // Provider and orchestrator clocks are both NTP-synchronised; five minutes (the default) keeps tokens alive too long.
            jwt.TokenValidationParameters.ClockSkew = TimeSpan.FromMinutes(1);
        });
        return builder;
    }
}
