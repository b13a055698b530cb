// The number row in words, one way for the page, the overview and the link preview: a gap
// reads "no data" (never 0), an estimate carries "~", severities are counted apart.
import { formatDuration, plural } from "@/lib/analysis/status";
import type { DestinationNumbers, Figure, NumberRow } from "./number-row";

export type FigureUnit = "count" | "age" | "ratio";

export const NO_DATA = "no data";

export function figureText(figure: Figure, unit: FigureUnit): string {
  if (figure.kind === "gap") return NO_DATA;
  if (figure.kind === "none") return figure.text;
  const approx = figure.estimated ? "~" : "";
  if (unit === "age") return `${approx}${formatDuration(figure.value * 1000)}`;
  if (unit === "ratio") return `${approx}${figure.value.toFixed(2)}`;
  return `${approx}${figure.value.toLocaleString("en-GB")}`;
}

/** "1 critical · 2 warnings", with the unknown checks that hold the verdict back; "no check failing" when none. */
export function failingText(failing: NumberRow["failing"]): string {
  const parts = [
    failing.critical ? `${failing.critical} critical` : "",
    failing.warning ? plural(failing.warning, "warning") : "",
    failing.unknown ? `${failing.unknown} unknown` : "",
  ].filter(Boolean);
  return parts.length ? parts.join(" · ") : "no check failing";
}

/** "0/1": attached over declared; "3/2" when more are attached than declared kinds. */
export function consumersText(consumers: Figure, declared: number): string {
  return consumers.kind === "value" ? `${consumers.value}/${declared}` : figureText(consumers, "count");
}

/** What a figure stands on, for a tooltip: when and where it was read, or why there is none. */
export function figureTitle(figure: Figure, zoneFormat: (ms: number) => string): string {
  if (figure.kind === "gap") return `No data: ${figure.reason}`;
  if (figure.kind === "none") return figure.text;
  return `${figure.estimated ? "Estimate, " : ""}${figure.from}, as of ${zoneFormat(figure.atMs)}`;
}

/** One destination in a line: "0/1 consumers · 951 waiting · oldest 3m 09s · ack/pub 0.26 · DLQ 0". */
export function destinationLine(d: DestinationNumbers): string {
  if (d.missing) return `${d.name}: ${figureText(d.backlog, "count")}`;
  const parts = d.delayFor
    ? [`returns to ${d.delayFor}`, `${figureText(d.backlog, "count")} waiting`]
    : [
        `${consumersText(d.consumers, d.declared.length)} consumers`,
        `${figureText(d.backlog, "count")} waiting`,
        `oldest ${figureText(d.oldestAgeSeconds, "age")}`,
        `ack/pub ${figureText(d.ackPublishRatio, "ratio")}`,
        `DLQ ${figureText(d.dlqDepth, "count")}`,
      ];
  if (d.strangers.ok && d.strangers.names.length) parts.push(`undeclared: ${d.strangers.names.join(", ")}`);
  if (d.strangers.ok && d.strangers.anonymous) parts.push(`${d.strangers.anonymous} unnamed`);
  return `${d.name}: ${parts.join(" · ")}`;
}
