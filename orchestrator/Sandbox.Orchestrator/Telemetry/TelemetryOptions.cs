namespace Sandbox.Orchestrator.Telemetry;

/// <summary>Metrics, traces and log format (section <c>Sandbox:Telemetry</c>; README "Operating Sandbox").</summary>
internal sealed class TelemetryOptions
{
    public const string Section = "Sandbox:Telemetry";

    /// <summary>
    /// A port of its own for Prometheus' scrape of <c>/metrics</c> (for example 9464): there <c>/metrics</c> answers
    /// anyone who can reach the port, and nothing else is served; on the main port <c>/metrics</c> is then not served.
    /// Default unset: <c>/metrics</c> on the main port, for admins only.
    /// </summary>
    public int? MetricsPort { get; set; }

    /// <summary>The address the metrics port listens on. Default all interfaces (a pod's network; keep it off the Ingress).</summary>
    public string MetricsBind { get; set; } = "0.0.0.0";

    /// <summary>
    /// An OpenTelemetry collector to send traces and metrics to over OTLP (for example <c>http://otel-collector:4317</c>).
    /// Default unset: no traces are recorded, metrics are only scraped.
    /// </summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>
    /// How OTLP is spoken: <c>grpc</c> (the default, port 4317) or <c>http/protobuf</c> (port 4318; the signal's path,
    /// <c>/v1/traces</c> or <c>/v1/metrics</c>, is added to <see cref="OtlpEndpoint"/>).
    /// </summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary><c>text</c> (the default, for people) or <c>json</c> (one JSON object per line, with scopes, for log shippers).</summary>
    public string LogFormat { get; set; } = "text";
}
