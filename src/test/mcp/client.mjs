// A real MCP client for the tests: the official TypeScript SDK. Connects to task-agent over Streamable HTTP
// (--url URL [--key KEY]) or by starting it (--command PROGRAM ARG...), runs one scenario and prints what it saw
// as one JSON object on stdout, with protocolErrors: what the transport could not read (e.g. a stdout line that is
// not JSON-RPC), which the SDK reports and skips.
//   list                 the tools: {tools: [{name, description, inputSchema}]}
//   call NAME JSON       one tool call: {result, progress}
//   cancel NAME JSON     the same call, cancelled after the first progress notification: {error, progress}
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { StdioClientTransport, getDefaultEnvironment } from "@modelcontextprotocol/sdk/client/stdio.js";

const args = process.argv.slice(2);
let url, key, command, commandArgs = [];
while (args.length && args[0].startsWith("--")) {
  const option = args.shift();
  if (option === "--url") url = args.shift();
  else if (option === "--key") key = args.shift();
  else if (option === "--command") {
    command = args.shift();
    const end = args.indexOf("--");
    commandArgs = args.splice(0, end);
    args.shift();
  } else throw new Error("unknown option " + option);
}
const [scenario, name, json] = args;

const transport = url
  ? new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: key ? { Authorization: "Bearer " + key } : {} },
    })
  : new StdioClientTransport({
      command,
      args: commandArgs,
      env: { ...getDefaultEnvironment(), ...pick(process.env, /^(TASK_AGENT_|QUARKUS_|JAVA_)/) },
      stderr: "inherit",
    });

function pick(env, pattern) {
  return Object.fromEntries(Object.entries(env).filter(([k]) => pattern.test(k)));
}

const client = new Client({ name: "task-agent-tests", version: "1.0.0" });
const protocolErrors = [];
client.onerror = (e) => protocolErrors.push(String(e));
let output;
try {
  await client.connect(transport);
  if (scenario === "list") {
    const tools = (await client.listTools()).tools;
    output = { tools: tools.map(({ name, description, inputSchema }) => ({ name, description, inputSchema })) };
  } else if (scenario === "call") {
    const progress = [];
    const result = await client.callTool({ name, arguments: JSON.parse(json) }, undefined, {
      onprogress: (p) => progress.push(p),
      timeout: 60000,
    });
    output = { result, progress };
  } else if (scenario === "cancel") {
    const progress = [];
    const controller = new AbortController();
    let error;
    try {
      await client.callTool({ name, arguments: JSON.parse(json) }, undefined, {
        onprogress: (p) => {
          progress.push(p);
          controller.abort("the test cancels");
        },
        signal: controller.signal,
        timeout: 60000,
      });
    } catch (e) {
      error = String(e);
    }
    // give the cancellation notification time to leave before the connection closes
    await new Promise((resolve) => setTimeout(resolve, 500));
    output = { error, progress };
  } else {
    throw new Error("unknown scenario " + scenario);
  }
} catch (e) {
  output = { connectError: String(e) };
}
await client.close().catch(() => {});
process.stdout.write(JSON.stringify({ ...output, protocolErrors }) + "\n");
process.exit(0);
