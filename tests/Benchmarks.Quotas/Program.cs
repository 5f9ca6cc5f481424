using System.Diagnostics;
using Benchmarks.Quotas;
using Sandbox.Quotas;

// Quota and billing benchmark (issue 3: one month of 10,000 members and 1,000,000 usage records under 5 s and
// 1 GiB; admission under 1 ms p99). Build with -c Release and run each mode in its own process, so its peak
// working set is its own, for example:
//   dotnet run -c Release --project tests/Benchmarks.Quotas -- engine
//   dotnet run -c Release --project tests/Benchmarks.Quotas -- file /tmp/month.json
//   dotnet run -c Release --project tests/Benchmarks.Quotas -- cli /tmp/month.json 3
//   dotnet run -c Release --project tests/Benchmarks.Quotas -- admission
// Modes:
//   engine              rate a generated month in memory (validation included)
//   file FILE           write the generated month as a scenario file
//   cli FILE            read FILE, validate, rate and render JSON, as `sandbox-billing invoice` does
//   admission           latency of single admission decisions
const int Members = 10_000;
const int UsageRecords = 1_000_000;
var month = new BillingMonth(2026, 11);
var mode = args.Length > 0 ? args[0] : "engine";
Console.WriteLine($"mode {mode}, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, {DateTime.UtcNow:yyyy-MM-dd}");

switch (mode)
{
    case "engine":
    {
        var scenario = MonthOfUsageGenerator.Generate(Members, UsageRecords);
        Console.WriteLine($"generated {scenario.Usage.Count} usage records, {Members} members; working set so far {Measurements.PeakWorkingSet()}");
        InvoiceRun? run = null;
        var median = Measurements.MedianMilliseconds(5, () => run = BillingEngine.Run(scenario, month).Run);
        Console.WriteLine($"engine: median {median:F0} ms over 5 runs; {run!.Invoices.Count} invoices, total {run.Invoices.Sum(i => i.TotalKrw)} KRW; peak working set {Measurements.PeakWorkingSet()}");
        break;
    }

    case "validate":
    {
        var scenario = MonthOfUsageGenerator.Generate(Members, UsageRecords);
        var median = Measurements.MedianMilliseconds(5, () => ScenarioValidator.Validate(scenario));
        Console.WriteLine($"validation alone: median {median:F0} ms over 5 runs");
        break;
    }

    case "file":
    {
        var scenario = MonthOfUsageGenerator.Generate(Members, UsageRecords);
        using var file = File.Create(args[1]);
        BillingScenarioJson.Write(scenario, file);
        Console.WriteLine($"wrote {file.Length / (1024 * 1024)} MiB to {args[1]}");
        break;
    }

    case "cli":
    {
        var runs = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3;
        var bytes = 0L;
        var median = Measurements.MedianMilliseconds(runs, () =>
        {
            using var input = File.OpenRead(args[1]);
            var read = BillingScenarioJson.Read(input);
            var result = BillingEngine.Run(read.Scenario!, month);
            bytes = InvoiceJson.ToUtf8Bytes(result.Run!).Length;
        });
        Console.WriteLine($"read+validate+rate+render: median {median:F0} ms over {runs} runs; {bytes} bytes of JSON; peak working set {Measurements.PeakWorkingSet()}; GCs gen0/1/2 {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}");
        break;
    }

    case "admission":
    {
        var policies = QuotaDefaults.Policies;
        var random = new Random(7);
        var sizes = QuotaDefaults.Sizes.Select(s => s.Id).ToArray();
        var requests = Enumerable.Range(0, 100_000)
            .Select(i => new AdmissionRequest($"m-{i % 10_000:D5}", (Tier)(i % 2), sizes[random.Next(sizes.Length)], "python", random.Next(4), random.Next(120_000)))
            .ToArray();
        var admitted = 0;
        foreach (var request in requests.Take(10_000))
        {
            admitted += QuotaAdmission.Decide(policies, request).IsAdmitted ? 1 : 0;
        }

        admitted = 0;
        var latencies = new double[requests.Length];
        for (var i = 0; i < requests.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            admitted += QuotaAdmission.Decide(policies, requests[i]).IsAdmitted ? 1 : 0;
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        Array.Sort(latencies);
        Console.WriteLine($"admission: {requests.Length} calls, {admitted} admitted; p50 {Measurements.Percentile(latencies, 0.50):F2} us, p99 {Measurements.Percentile(latencies, 0.99):F2} us, max {latencies[^1]:F0} us");
        break;
    }

    default:
        Console.Error.WriteLine("usage: Benchmarks.Quotas engine | file FILE | cli FILE [runs] | admission");
        return 2;
}

return 0;
