// npm run config:discover -- [--window 1h] [-o asyncscope.yaml] [--force] [--config file]
//   [--rabbitmq URL] [--jaeger URL] [--prometheus URL]
// Reads the broker, the traces and Prometheus (read only), proposes workflows (lib/discovery)
// and writes them as a commented config, checked with config:check's own loader before it is
// written. Sources: the given URLs, else those of --config / ASYNCSCOPE_CONFIG when that file
// exists, else the local defaults (the lab's ports). Exit 0 written, 1 nothing written.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { parse, stringify } from "yaml";
import { ConfigError, loadConfigFile, parseConfigText } from "@/lib/config/loader";
import { parseDurationSeconds } from "@/lib/config/duration";
import type { SourcesConfig } from "@/lib/config/schema";
import { appEnv, interpolationEnv } from "@/lib/env";
import { discoverWorkflows } from "@/lib/discovery/propose";
import { proposalSummary, unexplainedName } from "@/lib/discovery/text";
import { proposalsYaml, type SourcesForYaml } from "@/lib/discovery/yaml";
import { readDiscoveryInput } from "@/lib/sources/discovery";

const LOCAL = {
  rabbitmq: "http://127.0.0.1:15672",
  jaeger: "http://127.0.0.1:16686",
  prometheus: "http://127.0.0.1:9090",
};

function fail(message: string): never {
  console.error(`config:discover: ${message}`);
  process.exit(1);
}

const { values } = parseArgs({
  options: {
    window: { type: "string", default: "1h" },
    output: { type: "string", short: "o", default: "asyncscope.yaml" },
    force: { type: "boolean", default: false },
    config: { type: "string" },
    rabbitmq: { type: "string" },
    jaeger: { type: "string" },
    prometheus: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
  strict: true,
});
if (values.help) {
  console.log(
    readFileSync(new URL(import.meta.url), "utf8")
      .split("\n")
      .slice(0, 6)
      .join("\n"),
  );
  process.exit(0);
}

const windowSeconds = parseDurationSeconds(values.window);
if (windowSeconds === undefined || windowSeconds <= 0)
  fail(`--window ${values.window}: expected a duration such as 15m, 1h, 6h`);
const output = path.resolve(values.output);
if (existsSync(output) && !values.force) {
  fail(`${values.output} exists: pass --force to overwrite it, or -o another.yaml`);
}

/** Where the sources are: flags win, then a config file, then the local defaults. */
function sourcesOf(): { sources: SourcesConfig; from: string; asWritten?: unknown } {
  const flags = values.rabbitmq || values.jaeger || values.prometheus;
  const configFile = values.config ?? (flags ? undefined : appEnv().ASYNCSCOPE_CONFIG);
  if (configFile && (values.config || existsSync(configFile))) {
    try {
      const file = path.resolve(configFile);
      const { sources } = loadConfigFile(file, interpolationEnv());
      // Kept as written (${VAR} references, the log store) for the proposed file.
      const asWritten = (parse(readFileSync(file, "utf8")) as { sources?: unknown }).sources;
      return { sources, from: configFile, asWritten };
    } catch (error) {
      if (error instanceof ConfigError) fail(`cannot read the sources of ${configFile}:\n${error.message}`);
      throw error;
    }
  }
  const urls = flags ? { rabbitmq: values.rabbitmq, jaeger: values.jaeger, prometheus: values.prometheus } : LOCAL;
  // Validated by the config schema itself, with its defaults (timeouts) and credential rules.
  const text = stringify({
    version: 1,
    sources: {
      ...(urls.rabbitmq
        ? {
            rabbitmq: {
              managementUrl: urls.rabbitmq,
              username: "${RABBITMQ_USER:-guest}",
              password: "${RABBITMQ_PASSWORD:-guest}",
            },
          }
        : {}),
      ...(urls.jaeger ? { jaeger: { url: urls.jaeger } } : {}),
      ...(urls.prometheus ? { prometheus: { url: urls.prometheus } } : {}),
    },
  });
  try {
    return {
      sources: parseConfigText(text, "(command line)", interpolationEnv()).sources,
      from: flags ? "the command line" : "the local defaults (no config file; the lab's ports)",
    };
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
}

const { sources, from, asWritten } = sourcesOf();
const nowMs = Date.now();
console.log(`Reading the sources of ${from}, traces of the last ${values.window} (read only)…`);
const read = await readDiscoveryInput(sources, { windowMs: windowSeconds * 1000, nowMs });
for (const line of read.report) console.log(`  ${line}`);
for (const warning of read.warnings) console.warn(`  warning: ${warning}`);

const result = discoverWorkflows(read.input);
for (const gap of result.gaps) console.warn(`  gap: ${gap}`);
if (result.proposals.length === 0) {
  fail(
    read.input.traces.ok
      ? `no workflow found: none of the ${result.read.traces} traces of the last ${values.window} publishes to a queue. Widen --window, or check that the services export producer and consumer spans.`
      : "no workflow can be proposed without traces (see above): start or configure Jaeger, then run again.",
  );
}
console.log("");
for (const proposal of result.proposals) console.log(proposalSummary(proposal).join("\n"));
if (result.unexplainedQueues.length > 0) {
  console.log(`\n${result.unexplainedQueues.length} queue(s) with no traced producer, left out (listed in the file).`);
}

const forYaml: SourcesForYaml = {
  ...(sources.prometheus ? { prometheus: { url: sources.prometheus.url } } : {}),
  ...(sources.jaeger ? { jaeger: { url: sources.jaeger.url } } : {}),
  ...(sources.rabbitmq ? { rabbitmq: { managementUrl: sources.rabbitmq.managementUrl } } : {}),
};
const text = proposalsYaml({
  proposals: result.proposals,
  sources: asWritten !== undefined ? { asWritten } : forYaml,
  origin: `Read from ${from} at ${new Date(nowMs).toISOString()}, traces of the last ${values.window}.`,
  unexplained: result.unexplainedQueues.map(
    (q) => `${unexplainedName(q)}${q.consumers.length ? ` (consumed by ${q.consumers.join(", ")})` : ""}`,
  ),
});
// The same check as npm run config:check, before anything is written.
try {
  parseConfigText(text, path.basename(output), interpolationEnv());
} catch (error) {
  if (error instanceof ConfigError)
    fail(`the proposed config does not pass config:check (a bug, please report):\n${error.message}`);
  throw error;
}
writeFileSync(output, text);
const check = loadConfigFile(output, interpolationEnv());
console.log(
  `\nWrote ${values.output}: ${check.workflows.length} workflow(s), config:check ok. Review it (every part says why it is there), then start the app.`,
);
