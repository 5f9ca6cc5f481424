using System.Diagnostics.Metrics;

namespace Sandbox.Orchestrator.Telemetry;

/// <summary>
/// The orchestrator's own instruments (meter <see cref="MeterName"/>), recorded where the work happens. Names follow
/// OpenTelemetry's conventions (dotted, unit in the instrument, not the name); Prometheus shows them with underscores and
/// the unit appended (<c>sandbox_session_launch_duration_seconds</c>). Tags are small closed sets (profile, size,
/// outcome, reason, state, tier, work), never a session or member id.
/// </summary>
internal sealed class SandboxMetrics
{
    public const string MeterName = "Sandbox.Orchestrator";

    private readonly Histogram<double> _launch;
    private readonly Counter<long> _refusals;
    private readonly Histogram<double> _pass;
    private readonly Histogram<double> _runtimeCall;
    private readonly Counter<long> _scheduledRuns;
    private readonly Histogram<double> _datasetBuild;
    private readonly Histogram<double> _liveLag;

    public SandboxMetrics(IMeterFactory meters)
    {
        Meter = meters.Create(MeterName);
        _launch = Meter.CreateHistogram<double>("sandbox.session.launch.duration", "s",
            "From the launch request to the notebook answering (outcome running) or the launch failing (outcome failed, with its reason).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300] });
        _refusals = Meter.CreateCounter<long>("sandbox.admission.refusals", "{launch}", "Launches refused before anything was stored, by reason.");
        _pass = Meter.CreateHistogram<double>("sandbox.reconcile.pass.duration", "s", "One reconcile pass over one session, by outcome (done, again, retry, lease_lost).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        _runtimeCall = Meter.CreateHistogram<double>("sandbox.runtime.call.duration", "s", "Calls to the runtime (Docker engine or cluster), by operation and outcome (ok, error, unreachable).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });
        _scheduledRuns = Meter.CreateCounter<long>("sandbox.scheduled_work.runs", "{run}", "Scheduled work periods, by work and outcome (ran, failed, held_elsewhere, cancelled).");
        _datasetBuild = Meter.CreateHistogram<double>("sandbox.dataset.build.duration", "s", "Dataset builds from start to published or failed, by outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 5, 10, 30, 60, 120, 300, 600, 1200, 3600] });
        _liveLag = Meter.CreateHistogram<double>("sandbox.hub.delivery.lag", "s", "From a change being recorded to its delivery to this replica's hub connections, by kind of change.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
    }

    /// <summary>The meter, for observable instruments registered by their owners.</summary>
    public Meter Meter { get; }

    public void LaunchEnded(string profile, string size, string outcome, string? reason, TimeSpan elapsed) =>
        _launch.Record(elapsed.TotalSeconds, new("profile", profile), new("size", size), new("outcome", outcome), new("reason", reason ?? ""));

    public void AdmissionRefused(string reason) => _refusals.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void PassEnded(string outcome, TimeSpan elapsed) => _pass.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));

    public void RuntimeCalled(string operation, string outcome, TimeSpan elapsed) =>
        _runtimeCall.Record(elapsed.TotalSeconds, new("operation", operation), new("outcome", outcome));

    public void ScheduledWorkRan(string work, string outcome) => _scheduledRuns.Add(1, new("work", work), new("outcome", outcome));

    public void LiveChangeDelivered(string kind, TimeSpan lag) =>
        _liveLag.Record(Math.Max(0, lag.TotalSeconds), new KeyValuePair<string, object?>("kind", kind));

    public void DatasetBuildEnded(string outcome, TimeSpan elapsed) => _datasetBuild.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));
}
