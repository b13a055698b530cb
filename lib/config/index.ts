import "server-only";
import path from "node:path";
import { appEnv, interpolationEnv } from "@/lib/env";
import { loadConfigFile } from "./loader";
import type { AsyncscopeConfig } from "./schema";

export { ConfigError, loadConfigFile, parseConfigText } from "./loader";
export type * from "./schema";

let cached: { file: string; config: AsyncscopeConfig } | undefined;

/** The validated config of this process, read once (a change needs a restart, as with Prometheus). */
export function appConfig(): AsyncscopeConfig {
  const file = path.resolve(appEnv().ASYNCSCOPE_CONFIG);
  if (cached?.file !== file) cached = { file, config: loadConfigFile(file, interpolationEnv()) };
  return cached.config;
}

export function configFilePath(): string {
  return path.resolve(appEnv().ASYNCSCOPE_CONFIG);
}
