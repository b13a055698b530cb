import "server-only";
// What the /discover page shows: proposals from the live sources of the config, and, for a
// config that replays recordings (the offline demo), proposals from each recording. I/O is
// here (the sources, the bundle files); the proposing is lib/discovery's pure code.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import type { AsyncscopeConfig } from "@/lib/config/schema";
import { readDiscoveryInput, type DiscoveryRead, type DiscoveryReadOptions } from "@/lib/sources/discovery";
import { BROKER_NAMES } from "@/lib/sources/brokers";
import { readBundleFile } from "@/lib/sources/recording/file";
import { BundleError } from "@/lib/sources/recording/format";
import { discoveryInputFromRecording } from "./from-recording";
import { discoverWorkflows } from "./propose";
import type { DiscoveryResult } from "./types";
import type { YamlInput } from "./yaml";

export interface DiscoveryGroup {
  /** Where the proposals come from ("the live sources", a recording's label). */
  label: string;
  /** The first comment line of the YAML written from it. */
  origin: string;
  /** What each source said ("RabbitMQ http://…: 23 queues"), or why it was not read. */
  report: string[];
  /** Set when this group could not be read at all. */
  error?: string;
  result?: DiscoveryResult;
  /** The sources the written YAML names. */
  sources: YamlInput["sources"];
}

export interface DiscoverPageData {
  configFile: string;
  workflowsConfigured: number;
  /** What is missing before anything can be discovered (no sources at all). */
  needs: string[];
  groups: DiscoveryGroup[];
}

/** Keys that hold a credential, in any source's section (a broker adapter may add its own). */
const CREDENTIAL_KEY = /^(user|username)$|password|passphrase|token|secret|api_?key|credential/i;
/** `${VAR}` or `${VAR:-default}`: the variable's name is group 1. */
const REFERENCE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-[^}]*)?\}$/;
/** scheme://user:pass@host…: the user info is group 2. */
const URL_USER_INFO = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^/?#]*@)/;

/**
 * A credential field as the page may show it: only a `${VAR}` reference, and without its
 * `:-default` (a default is a literal credential written in the file); anything else is dropped.
 */
function credentialForPage(value: unknown): string | undefined {
  const name = typeof value === "string" ? REFERENCE.exec(value)?.[1] : undefined;
  return name === undefined ? undefined : `\${${name}}`;
}

/**
 * The config's sources as written, for the page to put in the file it offers: credential fields
 * keep only their `${VAR}` reference (no literal, no `:-default`), and a URL loses its user
 * info (http://user:pass@host): credentials never reach a page.
 */
export function sourcesForPage(raw: unknown): unknown {
  if (Array.isArray(raw)) return raw.map(sourcesForPage);
  if (typeof raw === "string") return raw.replace(URL_USER_INFO, "$1");
  if (raw === null || typeof raw !== "object") return raw;
  return Object.fromEntries(
    Object.entries(raw as Record<string, unknown>).flatMap(([key, value]): [string, unknown][] => {
      if (!CREDENTIAL_KEY.test(key)) return [[key, sourcesForPage(value)]];
      const reference = credentialForPage(value);
      return reference === undefined ? [] : [[key, reference]];
    }),
  );
}

function rawSources(configFile: string): unknown {
  const raw = parse(readFileSync(configFile, "utf8")) as { sources?: unknown } | null;
  return sourcesForPage(raw?.sources ?? {});
}

function recordingGroups(config: AsyncscopeConfig): DiscoveryGroup[] {
  const files = [...new Set(config.workflows.flatMap((wf) => (wf.replay ? [wf.replay.bundle] : [])))];
  return files.map((file) => {
    const name = path.basename(file);
    try {
      const bundle = readBundleFile(file);
      const label = bundle.label ?? name;
      const results = bundle.workflows.map((entry) =>
        discoverWorkflows(discoveryInputFromRecording(entry.signals, entry.config.broker)),
      );
      const result: DiscoveryResult = {
        proposals: results.flatMap((r) => r.proposals),
        unexplainedQueues: results.flatMap((r) => r.unexplainedQueues),
        gaps: [...new Set(results.flatMap((r) => r.gaps))],
        read: results[0]?.read ?? {},
      };
      return {
        label,
        origin: `Proposed from the recording ${name} (${label}), captured ${bundle.capturedAt}.`,
        report: [`recording ${name}: ${result.read.traces ?? 0} traces, ${result.read.queues ?? 0} queues`],
        result,
        sources: {},
      };
    } catch (error) {
      if (!(error instanceof BundleError)) throw error;
      return { label: name, origin: "", report: [], error: error.message, sources: {} };
    }
  });
}

export async function discoverPageData(
  config: AsyncscopeConfig,
  opts: DiscoveryReadOptions & {
    configFile: string;
    /** The live reader (tests pass one that answers from fixtures). */
    read?: (sources: AsyncscopeConfig["sources"], opts: DiscoveryReadOptions) => Promise<DiscoveryRead>;
  },
): Promise<DiscoverPageData> {
  const groups = recordingGroups(config);
  const brokers = BROKER_NAMES.filter((name) => config.sources[name] !== undefined);
  const live = brokers.length > 0 || config.sources.jaeger !== undefined || config.sources.prometheus !== undefined;
  const needs: string[] = [];
  if (!live && groups.length === 0) {
    needs.push(
      "sources.jaeger: the traces (producers, consumers, the spans a complete trace has); without it nothing can be proposed",
      `sources.${BROKER_NAMES.join(" or sources.")}: the broker (destinations, who consumes them now, dead-letter routes)`,
      "sources.prometheus (optional): which queues have series, and drop counters",
    );
  }
  if (live) {
    const read = await (opts.read ?? readDiscoveryInput)(config.sources, opts);
    const minutes = Math.round(opts.windowMs / 60_000);
    groups.unshift({
      label: "the live sources",
      origin: `Read from the sources of ${path.basename(opts.configFile)} at ${new Date(opts.nowMs).toISOString()}, traces of the last ${minutes} minutes.`,
      report: read.report,
      result: discoverWorkflows(read.input),
      sources: { asWritten: rawSources(opts.configFile) },
    });
  }
  return {
    configFile: opts.configFile,
    workflowsConfigured: config.workflows.length,
    needs,
    groups,
  };
}
