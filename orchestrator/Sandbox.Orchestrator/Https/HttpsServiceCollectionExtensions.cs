using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Sandbox.Orchestrator.Https;

/// <summary>Running behind a TLS-terminating proxy: whose forwarded headers are believed, and HSTS on the portal.</summary>
internal static class HttpsServiceCollectionExtensions
{
    public static IServiceCollection AddSandboxHttps(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ForwardedHeadersTrustOptions>().Bind(configuration.GetSection(ForwardedHeadersTrustOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ForwardedHeadersTrustOptions>, ForwardedHeadersTrustOptionsValidator>());
        services.AddOptions<StrictTransportSecurityOptions>().Bind(configuration.GetSection(StrictTransportSecurityOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StrictTransportSecurityOptions>, StrictTransportSecurityOptionsValidator>());

        // ASP.NET Core's own defaults trust loopback, and its ASPNETCORE_FORWARDEDHEADERS_ENABLED switch trusts everyone.
        // This runs after both and replaces what they set: only the configured proxies count, and with none configured
        // the middleware reads no header at all (with empty lists it would believe any sender).
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ForwardedHeadersTrustOptions>>((o, trust) =>
        {
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            o.ForwardLimit = 1;
            o.ForwardedHeaders = trust.Value.TrustsAnyProxy
                ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost
                : ForwardedHeaders.None;
            foreach (var proxy in trust.Value.KnownProxies)
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in trust.Value.KnownNetworks)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });

        services.AddOptions<HstsOptions>().Configure<IOptions<StrictTransportSecurityOptions>>((o, hsts) =>
        {
            o.MaxAge = hsts.Value.MaxAge;
            o.IncludeSubDomains = hsts.Value.IncludeSubDomains;
            o.Preload = false;
        });
        return services;
    }

    /// <summary>
    /// The client's scheme, host and address from a trusted proxy's headers. Place it first: every later decision (origin
    /// checks, notebook origins and hand-off URLs, cookie names and Secure flags, HSTS, per-address rate limits) reads them.
    /// </summary>
    public static IApplicationBuilder UseSandboxForwardedHeaders(this IApplicationBuilder app) => app.UseForwardedHeaders();

    /// <summary>HSTS on HTTPS responses; place it after the notebook origins, which answer their own requests.</summary>
    public static IApplicationBuilder UseSandboxHsts(this IApplicationBuilder app) => app.UseHsts();
}
