// One hub client, driven by a test: connects to <base>/hubs/sessions with the official JavaScript client and prints
// every event as one JSON line on stdout. Credentials come from the environment (never the command line, which other
// processes can read): HUB_TOKEN (bearer; the client sends it as access_token on the WebSocket), or HUB_COOKIE (the
// portal's cookie header); HUB_ORIGIN sets an Origin header, as a browser page would. Commands on stdin, one a line:
// "stop" closes the connection, "start" opens it again (what a reconnecting portal does), "exit" ends the process.
import * as signalR from "@microsoft/signalr";
import { createInterface } from "node:readline";

const base = process.argv[2];
if (!base) {
  console.error("usage: node watch.mjs <orchestrator base URL>");
  process.exit(2);
}

const print = (event) => process.stdout.write(JSON.stringify({ ...event, at: Date.now() }) + "\n");
const headers = {};
if (process.env.HUB_COOKIE) headers.Cookie = process.env.HUB_COOKIE;
if (process.env.HUB_ORIGIN) headers.Origin = process.env.HUB_ORIGIN;
const options = { headers, transport: signalR.HttpTransportType.WebSockets };
if (process.env.HUB_TOKEN) options.accessTokenFactory = () => process.env.HUB_TOKEN;

const connection = new signalR.HubConnectionBuilder()
  .withUrl(new URL("/hubs/sessions", base).toString(), options)
  .configureLogging(signalR.LogLevel.None)
  .build();
for (const method of ["sessionUpdated", "memberNotice", "datasetUpdated", "subscribed"]) {
  connection.on(method, (arg) => print({ event: "message", method, arg }));
}
connection.onclose((error) => print({ event: "closed", error: error ? String(error.message ?? error) : null }));

async function start() {
  try {
    await connection.start();
    print({ event: "started" });
  } catch (error) {
    // A refused negotiate surfaces wrapped ("Failed to complete negotiation ... Status code '401'"): take the status from it.
    const message = String(error.message ?? error);
    const status = error.statusCode ?? Number(/Status code '(\d+)'/.exec(message)?.[1] ?? NaN);
    print({ event: "startFailed", status: Number.isNaN(status) ? null : status, error: message });
  }
}

await start();
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const command = line.trim();
  if (command === "stop") {
    await connection.stop();
    print({ event: "stopped" });
  } else if (command === "start") {
    await start();
  } else if (command === "exit") {
    break;
  }
}

await connection.stop();
process.exit(0);
