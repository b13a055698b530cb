import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseDocument } from "yaml";
import type { z } from "zod";
import { configSchema, CREDENTIAL_KEYS, type AsyncscopeConfig } from "./schema";
import { interpolateDocument, isWholeReference, type EnvLookup } from "./interpolate";
import { deprecations } from "./legacy";

/**
 * A config file that cannot be used. `problems` are one line each, already prefixed with
 * the file name and the path inside it — printed as they are, never with a stack trace.
 */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(problems.join("\n"));
    this.name = "ConfigError";
  }
}

/** `workflows[1].queues[0].name` — the notation people use when they read YAML. */
export function formatPath(segments: readonly PropertyKey[]): string {
  let text = "";
  for (const segment of segments) {
    if (typeof segment === "number") text += `[${segment}]`;
    else text += text === "" ? String(segment) : `.${String(segment)}`;
  }
  return text === "" ? "(top level)" : text;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_type" && issue.message.endsWith("received undefined")) return "Required";
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.map((key) => `"${key}"`).join(", ");
    return `unknown key${issue.keys.length > 1 ? "s" : ""} ${keys} (check the spelling against docs/configuration.md)`;
  }
  return issue.message;
}

function findLiteralCredentials(node: unknown, at: (string | number)[], found: string[]): void {
  if (Array.isArray(node)) {
    node.forEach((item, index) => findLiteralCredentials(item, [...at, index], found));
    return;
  }
  if (node === null || typeof node !== "object") return;
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (CREDENTIAL_KEYS.has(key) && typeof value === "string" && !isWholeReference(value)) {
      found.push(formatPath([...at, key]));
    }
    findLiteralCredentials(value, [...at, key], found);
  }
}

/** Validates config text; `fileLabel` is how messages name the file (its base name). */
export function parseConfigText(text: string, fileLabel: string, env: EnvLookup): AsyncscopeConfig {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true, merge: true });
  if (document.errors.length > 0) {
    throw new ConfigError(
      fileLabel,
      document.errors.map((error) => {
        const where = error.linePos?.[0];
        const location = where ? `line ${where.line}, column ${where.col}` : "YAML";
        return `${fileLabel}: ${location}: ${error.message.split("\n")[0]}`;
      }),
    );
  }
  const raw: unknown = document.toJS();
  if (raw === null || raw === undefined) {
    throw new ConfigError(fileLabel, [`${fileLabel}: the file is empty (see asyncscope.example.yaml)`]);
  }

  const literalCredentials: string[] = [];
  findLiteralCredentials(raw, [], literalCredentials);
  const { value: interpolated, unset } = interpolateDocument(raw, env);

  const problems = [
    ...literalCredentials.map(
      (where) => `${fileLabel}: ${where}: credentials must come from the environment, write \${SOME_VAR} instead`,
    ),
    ...unset.map(
      ({ path: at, variable }) =>
        `${fileLabel}: ${formatPath(at)}: environment variable ${variable} is not set (or write \${${variable}:-default})`,
    ),
  ];
  const parsed = configSchema.safeParse(interpolated);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(`${fileLabel}: ${formatPath(issue.path)}: ${describeIssue(issue)}`);
    }
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(fileLabel, problems);
  const deprecated = deprecations(raw, fileLabel);
  return deprecated.length ? { ...parsed.data, deprecations: deprecated } : parsed.data;
}

/** Reads and validates the config file at `filePath`. Throws ConfigError only. */
export function loadConfigFile(filePath: string, env: EnvLookup): AsyncscopeConfig {
  const fileLabel = path.basename(filePath);
  let text: string;
  try {
    text = readFileSync(filePath, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : String(error);
    throw new ConfigError(fileLabel, [
      `${filePath}: ${reason} (set ASYNCSCOPE_CONFIG, or copy asyncscope.example.yaml to asyncscope.yaml)`,
    ]);
  }
  const config = parseConfigText(text, fileLabel, env);
  // Replay bundles are named relative to the config file, like includes in other tools.
  const problems: string[] = [];
  const workflows = config.workflows.map((workflow, index) => {
    if (!workflow.replay) return workflow;
    const bundle = path.resolve(path.dirname(filePath), workflow.replay.bundle);
    if (!existsSync(bundle))
      problems.push(`${fileLabel}: workflows[${index}].replay.bundle: file not found: ${bundle}`);
    return { ...workflow, replay: { ...workflow.replay, bundle } };
  });
  if (problems.length > 0) throw new ConfigError(fileLabel, problems);
  return { ...config, workflows };
}
