// npm run rules:export -- [--format prometheus|grafana] [--workflow id]… [-o file] [--offline]
//   [--base-url URL] [--runbook-url URL] [--datasource-uid UID] [--config file]
// Writes the workflows' alert rules (docs/alerting.md). The broker is asked for each
// workflow's dead-letter destinations unless --offline; what could not be covered is said on
// stderr and in the file. Runs with the react-server condition (server-only modules).
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { exportConfigRules } from "@/lib/alerts/export-config";
import { RULE_FORMATS, type RuleFormat } from "@/lib/alerts/export";
import { ConfigError, loadConfigFile } from "@/lib/config/loader";
import { appEnv, interpolationEnv } from "@/lib/env";
import { WorkflowNotFoundError } from "@/lib/evaluate";
import { closeSources, createSources } from "@/lib/sources/registry";

const USAGE =
  "usage: npm run rules:export -- [--format prometheus|grafana] [--workflow <id>]… [-o <file>] [--offline] [--base-url <url>] [--runbook-url <url with {workflow} {check}>] [--datasource-uid <uid>] [--config <file>]";

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      format: { type: "string", default: "prometheus" },
      workflow: { type: "string", multiple: true },
      output: { type: "string", short: "o" },
      offline: { type: "boolean", default: false },
      "base-url": { type: "string" },
      "runbook-url": { type: "string" },
      "datasource-uid": { type: "string" },
      config: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
} catch (error) {
  fail(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
}
const { values } = parsed;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!RULE_FORMATS.includes(values.format as RuleFormat))
  fail(`--format: expected one of ${RULE_FORMATS.join(", ")}, got "${values.format}"\n${USAGE}`);
const baseUrl = (values["base-url"] ?? appEnv().ASYNCSCOPE_PUBLIC_URL ?? "http://localhost:3000").replace(/\/+$/, "");
if (!/^https?:\/\/[^\s]+$/.test(baseUrl)) fail(`--base-url: expected an http(s) URL, got "${baseUrl}"`);

const file = path.resolve(values.config ?? appEnv().ASYNCSCOPE_CONFIG);
let config;
try {
  config = loadConfigFile(file, interpolationEnv());
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  fail(error.message);
}

try {
  const sources = createSources(config.sources);
  const { text, problems } = await exportConfigRules(config, sources, {
    format: values.format as RuleFormat,
    generatedAt: new Date(),
    origin: path.basename(file),
    baseUrl,
    ...(values["runbook-url"] ? { runbookUrl: values["runbook-url"] } : {}),
    ...(values["datasource-uid"] ? { datasourceUid: values["datasource-uid"] } : {}),
    ...(values.workflow ? { workflowIds: values.workflow } : {}),
    offline: values.offline,
  });
  for (const problem of problems) console.warn(`warning: ${problem}`);
  if (values.output) {
    fs.mkdirSync(path.dirname(path.resolve(values.output)), { recursive: true });
    fs.writeFileSync(values.output, text);
    console.error(`wrote ${values.output} (${values.format})`);
  } else {
    // Written out before the exit below, which would cut a pipe short.
    await new Promise<void>((resolve) => process.stdout.write(text, () => resolve()));
  }
  // The broker clients' connections (Kafka's admin client) would keep the process alive.
  await closeSources(sources);
} catch (error) {
  if (error instanceof WorkflowNotFoundError) fail(error.message);
  throw error;
}
// Done: the broker clients asked for dead letters (Kafka's admin client, a NATS connection, a
// Redis socket) would otherwise keep the process alive, and `npm run lab -- up` waits for it.
process.exit(process.exitCode ?? 0);
