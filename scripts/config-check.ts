// npm run config:check [-- path]: validates asyncscope.yaml the way the server does at
// start-up, printing one line per problem (never a stack trace). Exit 0 valid, 1 invalid.
import path from "node:path";
import { appEnv, interpolationEnv } from "@/lib/env";
import { ConfigError, loadConfigFile } from "@/lib/config/loader";

const file = path.resolve(process.argv[2] ?? appEnv().ASYNCSCOPE_CONFIG);
try {
  const config = loadConfigFile(file, interpolationEnv());
  const sources = Object.keys(config.sources).join(", ") || "none";
  console.log(
    `${path.basename(file)}: ok (${config.workflows.length} workflow(s): ${config.workflows.map((wf) => wf.id).join(", ")}; sources: ${sources})`,
  );
  if (config.workflows.length === 0) {
    console.warn(
      `${path.basename(file)}: no workflows yet: the app starts on /discover, or run npm run config:discover to propose them`,
    );
  }
  // Still valid, but to be rewritten: one line each, on stderr, and the exit code stays 0.
  for (const line of config.deprecations ?? []) console.warn(line);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
