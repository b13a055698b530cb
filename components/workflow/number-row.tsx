"use client";

import { Time } from "@/components/ui/time";
import { useInBrowser } from "@/components/ui/use-in-browser";
import type { DestinationNumbers, Figure, NumberRow as Numbers } from "@/lib/view/number-row";
import { consumersText, failingText, figureText, figureTitle, NO_DATA, type FigureUnit } from "@/lib/view/number-text";
import { formatTimestamp, type TimeZoneChoice } from "@/lib/view/time-zone";

type Tone = "bad" | "warn" | "plain";

const TONE: Record<Tone, string> = {
  bad: "text-status-critical",
  warn: "text-status-warning",
  plain: "",
};

/** A labelled number; its tooltip says when and where it was read, or why there is no data. */
function Num({
  label,
  text,
  figure,
  tone = "plain",
  title,
}: {
  label: string;
  text: string;
  figure: Figure;
  tone?: Tone;
  title: (figure: Figure) => string;
}) {
  const gap = figure.kind === "gap";
  return (
    <span className="whitespace-nowrap" title={title(figure)}>
      <span className="text-muted">{label} </span>
      <span className={gap ? "italic text-status-unknown" : `font-semibold tabular-nums ${TONE[tone]}`}>{text}</span>
    </span>
  );
}

const count = (f: Figure) => (f.kind === "value" ? f.value : undefined);

function DestinationLine({ d, title }: { d: DestinationNumbers; title: (f: Figure) => string }) {
  const fig = (label: string, figure: Figure, unit: FigureUnit, tone: Tone = "plain") => (
    <Num label={label} text={figureText(figure, unit)} figure={figure} tone={tone} title={title} />
  );
  const attached = count(d.consumers);
  const dlq = count(d.dlqDepth);
  const ratio = count(d.ackPublishRatio);
  return (
    <li className="flex flex-wrap items-baseline gap-x-3 gap-y-0.5" data-destination={d.name}>
      <span className="min-w-0 font-mono font-medium [overflow-wrap:anywhere]">
        {d.name}
        {d.status === "critical" || d.status === "warning" ? (
          <span className={`ml-1 font-sans ${d.status === "critical" ? TONE.bad : TONE.warn}`}>({d.status})</span>
        ) : null}
      </span>
      {d.missing ? (
        <span className={TONE.bad}>{figureText(d.backlog, "count")}</span>
      ) : d.delayFor !== undefined ? (
        <>
          <span className="text-muted">returns to {d.delayFor}</span>
          {fig("waiting", d.backlog, "count")}
        </>
      ) : (
        <>
          <Num
            label="consumers"
            text={consumersText(d.consumers, d.declared.length)}
            figure={d.consumers}
            tone={attached === 0 && d.declared.length > 0 ? "bad" : "plain"}
            title={(f) => `${title(f)}; attached / declared (${d.declared.join(", ") || "none declared"})`}
          />
          {fig("waiting", d.backlog, "count", (count(d.backlog) ?? 0) > 0 ? "warn" : "plain")}
          {fig("oldest", d.oldestAgeSeconds, "age")}
          {fig("ack/pub", d.ackPublishRatio, "ratio", ratio !== undefined && ratio < 0.9 ? "warn" : "plain")}
          {fig("DLQ", d.dlqDepth, "count", (dlq ?? 0) > 0 ? "warn" : "plain")}
          {d.strangers.ok && d.strangers.names.length ? (
            <span className={`font-semibold ${TONE.bad}`}>undeclared: {d.strangers.names.join(", ")}</span>
          ) : null}
          {d.strangers.ok && d.strangers.anonymous ? (
            <span className={TONE.warn}>{d.strangers.anonymous} unnamed</span>
          ) : null}
          {!d.strangers.ok ? (
            <span className="italic text-status-unknown" title={d.strangers.reason}>
              who consumes: {NO_DATA}
            </span>
          ) : null}
        </>
      )}
    </li>
  );
}

/** The oldest reading the row stands on: what "as of" it is. */
function asOfMs(numbers: Numbers): number | undefined {
  const times = numbers.destinations
    .flatMap((d) => [d.consumers, d.backlog, d.dlqDepth])
    .flatMap((f) => (f.kind === "value" ? [f.atMs] : []));
  return times.length ? Math.min(...times) : undefined;
}

/**
 * Under the headline, on every screen size: the checks failing by severity, the workflow's
 * totals (backlog, DLQ depth, consumers, the undeclared by name) and one wrapping line per
 * destination. Compact so a phone shows it on its first screen; nothing here scrolls sideways.
 */
export function NumberRow({
  numbers,
  zone,
  stale = false,
}: {
  numbers: Numbers;
  zone: TimeZoneChoice;
  /** The live page's refreshes keep failing: these numbers are not "now". */
  stale?: boolean;
}) {
  const inBrowser = useInBrowser();
  // The server does not know the viewer's zone: tooltips are in UTC until the page runs (as <Time>).
  const format = (ms: number) => formatTimestamp(ms, zone === "local" && !inBrowser ? "utc" : zone);
  const title = (f: Figure) => figureTitle(f, format);
  const { totals, failing } = numbers;
  const asOf = asOfMs(numbers);
  const dlq = count(totals.dlqDepth);
  return (
    <section
      aria-label="Key numbers"
      data-testid="number-row"
      className="flex flex-col gap-1.5 rounded border border-slate-200 px-3 py-2 text-xs dark:border-slate-800"
    >
      <p className="flex flex-wrap items-baseline gap-x-3 gap-y-0.5">
        <span
          className={`font-semibold ${failing.critical ? TONE.bad : failing.warning ? TONE.warn : ""}`}
          data-testid="failing-counts"
        >
          {failingText(failing)}
        </span>
        <Num label="waiting" text={figureText(totals.backlog, "count")} figure={totals.backlog} title={title} />
        <Num
          label="in DLQs"
          text={figureText(totals.dlqDepth, "count")}
          figure={totals.dlqDepth}
          tone={(dlq ?? 0) > 0 ? "warn" : "plain"}
          title={title}
        />
        <Num
          label="consumers"
          text={consumersText(totals.consumers, totals.declared)}
          figure={totals.consumers}
          title={(f) => `${title(f)}; attached / declared`}
        />
        {asOf !== undefined ? (
          <span className={stale ? "font-semibold text-status-unknown" : "text-muted"}>
            as of <Time ms={asOf} zone={zone} />
            {stale ? " (refresh failing: not now)" : ""}
          </span>
        ) : null}
      </p>
      {totals.undeclared.length ? (
        <p className={`font-semibold ${TONE.bad}`} data-testid="undeclared-consumers">
          Undeclared consumer{totals.undeclared.length > 1 ? "s" : ""}: {totals.undeclared.join("; ")}
        </p>
      ) : null}
      <ul className="flex flex-col gap-1" aria-label="Per destination">
        {numbers.destinations.map((d) => (
          <DestinationLine key={d.key} d={d} title={title} />
        ))}
      </ul>
    </section>
  );
}
