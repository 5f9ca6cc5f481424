using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Sandbox.Orchestrator.Accounts;

namespace Sandbox.Orchestrator.Telemetry;

/// <summary>
/// OpenTelemetry for the orchestrator: its own instruments (<see cref="SandboxMetrics"/>, <see cref="InstallationCensus"/>),
/// ASP.NET Core's, Kestrel's, SignalR's, HttpClient's and the .NET runtime's, scraped by Prometheus at <c>/metrics</c>
/// and sent over OTLP when a collector is configured; traces (ASP.NET Core, HttpClient, EF Core, the runtime adapter)
/// with W3C trace context when one is; JSON logs as a setting.
/// </summary>
internal static class TelemetryServiceCollectionExtensions
{
    private const string MetricsPath = "/metrics";

    public static WebApplicationBuilder AddSandboxTelemetry(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        switch (options.LogFormat.ToLowerInvariant())
        {
            case "text":
                break;
            case "json":
                builder.Logging.ClearProviders();
                builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);
                break;
            default:
                throw new InvalidOperationException($"{TelemetryOptions.Section}:LogFormat is '{options.LogFormat}': it must be 'text' (the default) or 'json'.");
        }

        if (options.MetricsPort is { } port)
        {
            if (port is < 1 or > 65535)
            {
                throw new InvalidOperationException($"{TelemetryOptions.Section}:MetricsPort is {port}: it must be a TCP port (1 to 65535).");
            }

            // Listen on the metrics port as well as wherever the orchestrator already listens.
            var urls = builder.Configuration["urls"] is { Length: > 0 } configured ? configured : "http://localhost:5000";
            builder.WebHost.UseUrls($"{urls};http://{options.MetricsBind}:{port}");
        }

        var protocol = options.OtlpProtocol.ToLowerInvariant() switch
        {
            "grpc" => OpenTelemetry.Exporter.OtlpExportProtocol.Grpc,
            "http/protobuf" => OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf,
            _ => throw new InvalidOperationException($"{TelemetryOptions.Section}:OtlpProtocol is '{options.OtlpProtocol}': it must be 'grpc' (the default) or 'http/protobuf'."),
        };

        builder.Services.Configure<TelemetryOptions>(builder.Configuration.GetSection(TelemetryOptions.Section));
        builder.Services.AddSingleton<SandboxMetrics>();
        builder.Services.AddHostedService<InstallationCensus>();
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("sandbox-orchestrator"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(SandboxMetrics.MeterName, Sandbox.NotebookProxy.Metrics.NotebookProxyMetrics.MeterName,
                        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections")
                    .AddRuntimeInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddPrometheusExporter();
                if (options.OtlpEndpoint is { } otlp)
                {
                    metrics.AddOtlpExporter(o => (o.Endpoint, o.Protocol) = (SignalEndpoint(otlp, protocol, "metrics"), protocol));
                }
            });
        if (options.OtlpEndpoint is { } endpoint)
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments(MetricsPath) && !context.Request.Path.StartsWithSegments("/healthz"))
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation()
                .AddSource(MeteredSessionRuntime.ActivitySourceName)
                .AddOtlpExporter(o => (o.Endpoint, o.Protocol) = (SignalEndpoint(endpoint, protocol, "traces"), protocol)));
        }

        builder.Services.AddMeteredRuntime();
        return builder;
    }

    /// <summary>
    /// With a metrics port: that port answers <c>/metrics</c> and nothing else, and the main port does not answer it.
    /// Goes first in the pipeline.
    /// </summary>
    public static WebApplication UseSandboxMetricsPort(this WebApplication app)
    {
        if (MetricsPortOf(app) is { } port)
        {
            app.Use(async (context, next) =>
            {
                if ((context.Connection.LocalPort == port) != context.Request.Path.Equals(MetricsPath, StringComparison.Ordinal))
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return;
                }

                await next(context);
            });
        }

        return app;
    }

    /// <summary><c>/metrics</c> in Prometheus' format: anonymous on the metrics port, for admins on the main port.</summary>
    public static WebApplication MapSandboxMetrics(this WebApplication app)
    {
        var endpoint = app.MapPrometheusScrapingEndpoint(MetricsPath);
        if (MetricsPortOf(app) is null)
        {
            endpoint.RequireAuthorization(AuthorizationPolicies.Admin);
        }
        else
        {
            endpoint.AllowAnonymous();
        }

        return app;
    }

    /// <summary>Over HTTP each signal has its path under the collector's address; over gRPC the address is the endpoint.</summary>
    private static Uri SignalEndpoint(Uri collector, OpenTelemetry.Exporter.OtlpExportProtocol protocol, string signal) =>
        protocol == OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf ? new Uri(collector, $"/v1/{signal}") : collector;

    private static int? MetricsPortOf(WebApplication app) => app.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>()?.MetricsPort;
}
