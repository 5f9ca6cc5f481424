// The hub benchmark's clients (run by tests/Benchmarks.Hub): opens BENCH_PER_MEMBER connections for each bearer token
// in the JSON array at BENCH_TOKENS (a file), waits BENCH_WARMUP_SECONDS, then for BENCH_SECONDS records how long each
// benchmark sessionUpdated took from the orchestrator's publish (its message carries that instant, in Unix
// milliseconds) to this process. Same machine, same clock. Prints progress lines and one final JSON line.
import * as signalR from "@microsoft/signalr";
import { readFileSync } from "node:fs";

const base = process.argv[2];
const tokens = JSON.parse(readFileSync(process.env.BENCH_TOKENS, "utf8"));
const perMember = Number(process.env.BENCH_PER_MEMBER ?? 2);
const warmup = Number(process.env.BENCH_WARMUP_SECONDS ?? 5) * 1000;
const duration = Number(process.env.BENCH_SECONDS ?? 30) * 1000;
const now = () => performance.timeOrigin + performance.now();
const print = (line) => process.stdout.write(JSON.stringify(line) + "\n");

let measuring = false;
const latencies = [];
let received = 0;
let closed = 0;

function connect(token) {
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(new URL("/hubs/sessions", base).toString(), { accessTokenFactory: () => token, transport: signalR.HttpTransportType.WebSockets })
    .configureLogging(signalR.LogLevel.None)
    .build();
  connection.on("sessionUpdated", (session) => {
    received++;
    if (measuring && typeof session.message === "string" && session.message.startsWith("benchmark ")) {
      latencies.push(now() - Number(session.message.slice("benchmark ".length)));
    }
  });
  connection.onclose(() => closed++);
  return connection.start().then(() => connection);
}

// 1. Connect everyone, 50 handshakes at a time.
const pending = tokens.flatMap((token) => Array.from({ length: perMember }, () => token));
const connections = [];
const started = now();
while (pending.length > 0) {
  const batch = pending.splice(0, 50);
  connections.push(...(await Promise.all(batch.map(connect))));
}
print({ event: "connected", clients: connections.length, seconds: (now() - started) / 1000 });

// 2. Warm up, then measure.
await new Promise((resolve) => setTimeout(resolve, warmup));
measuring = true;
const receivedBefore = received;
print({ event: "measuring" });
await new Promise((resolve) => setTimeout(resolve, duration));
measuring = false;
const receivedDuring = received - receivedBefore;

// 3. Report.
latencies.sort((a, b) => a - b);
const at = (q) => latencies.length === 0 ? null : Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] * 100) / 100;
print({
  event: "result",
  clients: connections.length,
  closedDuringRun: closed,
  deliveries: latencies.length,
  deliveriesPerSecond: Math.round(receivedDuring / (duration / 1000)),
  p50: at(0.5), p90: at(0.9), p99: at(0.99), max: at(1),
});
await Promise.all(connections.map((c) => c.stop()));
process.exit(0);
