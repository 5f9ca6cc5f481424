// The hub benchmark's clients (run by tests/Benchmarks.Hub): opens BENCH_PER_MEMBER connections for each bearer token
// in the JSON array at BENCH_TOKENS (a file), spread over the orchestrator base URLs given as arguments (a member's
// connection k goes to base k mod the number of bases: with several replicas every member is connected to each), waits
// BENCH_WARMUP_SECONDS, then records every benchmark sessionUpdated whose publish instant (the orchestrator's message
// carries it, in Unix milliseconds) falls in the next BENCH_SECONDS: its latency from publish to arrival here (same
// machine, same clock). Changes published in the window may arrive until BENCH_GRACE_SECONDS after it; what has not
// arrived by then counts as not delivered. Prints progress lines and one final JSON line.
import * as signalR from "@microsoft/signalr";
import { readFileSync } from "node:fs";

const bases = process.argv.slice(2);
const tokens = JSON.parse(readFileSync(process.env.BENCH_TOKENS, "utf8"));
const perMember = Number(process.env.BENCH_PER_MEMBER ?? 2);
const warmup = Number(process.env.BENCH_WARMUP_SECONDS ?? 5) * 1000;
const duration = Number(process.env.BENCH_SECONDS ?? 30) * 1000;
const grace = Number(process.env.BENCH_GRACE_SECONDS ?? 5) * 1000;
const now = () => performance.timeOrigin + performance.now();
const print = (line) => process.stdout.write(JSON.stringify(line) + "\n");
const prefix = "benchmark ";

let windowStart = Infinity;
let windowEnd = Infinity;
const latencies = [];
const deliveredPerBase = bases.map(() => 0);
let received = 0;
let closed = 0;
let retries = 0;

function connect(token, baseIndex) {
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(new URL("/hubs/sessions", bases[baseIndex]).toString(), { accessTokenFactory: () => token, transport: signalR.HttpTransportType.WebSockets })
    .configureLogging(signalR.LogLevel.None)
    .build();
  connection.on("sessionUpdated", (session) => {
    received++;
    if (typeof session.message !== "string" || !session.message.startsWith(prefix)) return;
    const published = Number(session.message.slice(prefix.length));
    if (published >= windowStart && published < windowEnd) {
      latencies.push(now() - published);
      deliveredPerBase[baseIndex]++;
    }
  });
  connection.onclose(() => closed++);
  return startWithRetries(connection);
}

// A connection the server dropped between negotiation and the WebSocket (a busy replica, a load already running) is
// started again, as the portal's client does; the fifth failure ends the run.
async function startWithRetries(connection) {
  for (let attempt = 1; ; attempt++) {
    try {
      await connection.start();
      return connection;
    } catch (error) {
      if (attempt === 5) throw error;
      retries++;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt)); // back-off before retrying a refused connect
    }
  }
}

// 1. Connect everyone, 50 handshakes at a time.
const pending = tokens.flatMap((token) => Array.from({ length: perMember }, (_, k) => [token, k % bases.length]));
const connections = [];
const started = now();
while (pending.length > 0) {
  const batch = pending.splice(0, 50);
  connections.push(...(await Promise.all(batch.map(([token, baseIndex]) => connect(token, baseIndex)))));
}
print({ event: "connected", clients: connections.length, retries, seconds: (now() - started) / 1000 });

// 2. Warm up, then measure what is published in the window, and wait for late arrivals.
await new Promise((resolve) => setTimeout(resolve, warmup)); // the warm-up period, part of the measurement's definition
windowStart = now();
windowEnd = windowStart + duration;
const receivedBefore = received;
print({ event: "measuring" });
await new Promise((resolve) => setTimeout(resolve, duration)); // the measuring window itself
const receivedDuring = received - receivedBefore;
print({ event: "window-closed" });
await new Promise((resolve) => setTimeout(resolve, grace)); // how late a change may arrive and still count (defined by the benchmark)

// 3. Report.
latencies.sort((a, b) => a - b);
const at = (q) => latencies.length === 0 ? null : Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] * 100) / 100;
print({
  event: "result",
  clients: connections.length,
  closedDuringRun: closed,
  deliveries: latencies.length,
  deliveriesPerBase: deliveredPerBase,
  windowSeconds: duration / 1000,
  deliveriesPerSecond: Math.round(receivedDuring / (duration / 1000)),
  p50: at(0.5), p90: at(0.9), p99: at(0.99), max: at(1),
});
await Promise.all(connections.map((c) => c.stop()));
process.exit(0);
