// Building PromQL from config values (queue names, vhosts, service names) without letting
// a value change the query. Values only ever appear inside string literals:
//   - exact matchers (`=`/`!=`) get the value escaped as a PromQL double-quoted string
//     (Go string rules: backslash and quote escaped, control characters spelled out);
//   - regex matchers (`=~`/`!~`) first escape RE2 metacharacters in the value, then escape
//     the result as a string, so `a.b` matches only "a.b" and `.*` matches only ".*".
// Label and metric names cannot be quoted in classic PromQL, so they are validated instead.

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const RE2_META = /[\\.+*?()|[\]{}^$]/g;

/** A PromQL double-quoted string literal holding exactly `value`. */
export function promString(value: string): string {
  let out = '"';
  for (const ch of value) {
    switch (ch) {
      case "\\":
        out += "\\\\";
        break;
      case '"':
        out += '\\"';
        break;
      case "\n":
        out += "\\n";
        break;
      case "\r":
        out += "\\r";
        break;
      case "\t":
        out += "\\t";
        break;
      default: {
        const code = ch.codePointAt(0) ?? 0;
        // Other control characters are spelled as \u escapes, which PromQL (Go) understands.
        out += code < 0x20 || code === 0x7f ? `\\u${code.toString(16).padStart(4, "0")}` : ch;
      }
    }
  }
  return `${out}"`;
}

/** Escapes RE2 metacharacters so the value matches only itself inside a regex matcher. */
export function escapeRegex(value: string): string {
  return value.replace(RE2_META, "\\$&");
}

export function assertLabelName(name: string): string {
  if (!LABEL_NAME.test(name)) throw new Error(`invalid Prometheus label name ${JSON.stringify(name)}`);
  return name;
}

export function assertMetricName(name: string): string {
  if (!METRIC_NAME.test(name)) throw new Error(`invalid Prometheus metric name ${JSON.stringify(name)}`);
  return name;
}

export type Matcher =
  | { op: "=" | "!="; value: string }
  /** `anyOf`: matches any of the literal values (joined with | after escaping each). */
  | { op: "=~" | "!~"; anyOf: readonly string[] }
  /** A raw regex written by the operator in config (not from data); passed as a string literal. */
  | { op: "=~" | "!~"; pattern: string };

export const eq = (value: string): Matcher => ({ op: "=", value });
export const neq = (value: string): Matcher => ({ op: "!=", value });
export const oneOf = (...values: string[]): Matcher => ({ op: "=~", anyOf: values });

function renderMatcher(label: string, matcher: Matcher): string {
  assertLabelName(label);
  if ("value" in matcher) return `${label}${matcher.op}${promString(matcher.value)}`;
  const regex = "anyOf" in matcher ? matcher.anyOf.map(escapeRegex).join("|") : matcher.pattern;
  return `${label}${matcher.op}${promString(regex)}`;
}

/** `metric{a="x",b=~"y|z"}`; label order follows the object, so the text is stable. */
export function selector(metric: string, matchers: Readonly<Record<string, Matcher | undefined>> = {}): string {
  assertMetricName(metric);
  const parts = Object.entries(matchers)
    .filter((entry): entry is [string, Matcher] => entry[1] !== undefined)
    .map(([label, m]) => renderMatcher(label, m));
  return parts.length ? `${metric}{${parts.join(",")}}` : metric;
}

/** A range duration literal from seconds ("5m", "90s"); rejects non-positive or fractional input. */
export function duration(seconds: number): string {
  if (!Number.isInteger(seconds) || seconds <= 0)
    throw new RangeError(`duration must be a positive whole number of seconds, got ${seconds}`);
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

export function byLabels(labels: readonly string[]): string {
  return `by (${labels.map(assertLabelName).join(", ")})`;
}

/**
 * The range counters are read over with rate(): as short as a robust rate allows, so a rate
 * reacts within about one step of a change (issue 11: a 2-minute range kept the ack line up
 * for two minutes after the consumer died, while depth grew). rate() needs two samples in its
 * range; four scrape intervals leave two even when a scrape is missed, and step + one scrape
 * interval makes consecutive ranges overlap, so no increase falls between two steps (the same
 * reasoning as Grafana's $__rate_interval). With scrapes at most half a step apart the range is
 * at most two steps; with slower scrapes it is longer, and the charts say by how much.
 */
export function rateRangeSeconds(stepSeconds: number, scrapeIntervalSeconds: number): number {
  return Math.ceil(Math.max(stepSeconds + scrapeIntervalSeconds, 4 * scrapeIntervalSeconds));
}
