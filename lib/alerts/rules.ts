// A workflow's checks as alert rules: the checks that PromQL can judge from the broker's
// metrics, each written from the broker adapter's AlertSignals, plus rules on Asyncscope's own
// check state (asyncscope_check_status) for the checks only Asyncscope can evaluate (traces).
// Pure: config and adapter in, neutral rule objects out; prometheus-file.ts and
// grafana-file.ts write them. The mapping is documented in docs/alerting.md.
import type { CheckId } from "@/lib/analysis/types";
import type { WorkflowConfig } from "@/lib/config/schema";
import type { DestinationRef } from "@/lib/domain/destination";
import { SignalNotExportedError } from "@/lib/sources/alert-signal-gap";
import type { AlertSignals } from "@/lib/sources/broker";
import { duration, eq, selector } from "@/lib/sources/prometheus/promql";

/** Not a check: the data the other rules read has stopped (their silence would mean nothing). */
export const SOURCE_DATA = "source-data";

export interface AlertRule {
  /** The alertname, shared by a rule's warning and critical variants. */
  alert: string;
  /** undefined: the check label comes from the series (the rules over asyncscope_check_status). */
  check: CheckId | typeof SOURCE_DATA | undefined;
  severity: "critical" | "warning";
  expr: string;
  forSeconds: number;
  /** Prometheus templates over $labels and $value; Grafana's writer translates $value. */
  summary: string;
  description: string;
  /** More labels than workflow/check/severity (a drop counter's name). */
  labels?: Readonly<Record<string, string>>;
}

/** A check, or part of one, that the broker's metrics cannot judge: said in the export. */
export interface NotARule {
  check: CheckId | typeof SOURCE_DATA;
  reason: string;
  /** The alert left out because the broker's exporter has no series it needs (SignalNotExportedError). */
  skippedAlert?: string;
}

export interface WorkflowRules {
  workflowId: string;
  workflowName: string;
  rules: AlertRule[];
  notRules: NotARule[];
}

export interface RuleInputs {
  workflow: WorkflowConfig;
  signals: AlertSignals;
  /** How old Prometheus's series may be (ms, sources.prometheus staleAfter) before the source-data rule fires. */
  staleAfterMs: number;
  /**
   * The dead-letter destinations, as the broker named them (they are not in the config), or why
   * they are not known: the dead-letter rule is then left out and the reason said.
   */
  deadLetters: readonly DestinationRef[] | { unknown: string };
}

// Windows and for: durations. A rule's range sees the fault; its for: keeps a blip (one
// scrape, a consumer restart) from paging. The numbers are documented in docs/alerting.md.
const CONSUMER_FOR_S = 60;
const THROUGHPUT_WINDOW_S = 600;
const BACKLOG_WINDOW_S = 300;
const DEAD_LETTER_WINDOW_S = 300;
const DEAD_LETTERS_WAITING_FOR_S = 600;
const REDELIVERY_WINDOW_S = 600;
const DROP_WINDOW_S = 300;
/** Subquery resolution for gauges over a window. */
const RESOLUTION_S = 30;
const STATE_STALE_S = 300;

/** "5m", "90s", "1h": how the rule texts say a window (formatDuration would say "5m 00s"). */
function durationText(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/** A count Prometheus extrapolated (increase, delta): whole messages read better. */
const COUNT = '{{ $value | printf "%.0f" }}';

/** Text from config inside a Go template: "{{" would start an action. */
export function templateLiteral(text: string): string {
  return text.replaceAll("{{", '{{ "{{" }}');
}

function on(labels: readonly string[]): string {
  return `on (${labels.join(", ")})`;
}

export function workflowRules(inputs: RuleInputs): WorkflowRules {
  const { workflow, signals } = inputs;
  const words = workflow.vocabulary;
  const name = templateLiteral(workflow.name);
  const where = signals.destinationTemplate;
  const match = on(signals.destinationLabels);
  const thresholds = workflow.thresholds;
  const rules: AlertRule[] = [];
  const notRules: NotARule[] = [];
  /**
   * Adds the rules `build` writes, or, when the broker's exporter has no series for a signal they
   * need, leaves them out and says which and why: the export neither fails on one missing series
   * nor writes a rule that can never fire. Any other error still fails it.
   */
  const add = (
    alert: string,
    check: AlertRule["check"] & string,
    build: () => Omit<AlertRule, "alert" | "check">[],
  ) => {
    let built: Omit<AlertRule, "alert" | "check">[];
    try {
      built = build();
    } catch (error) {
      if (!(error instanceof SignalNotExportedError)) throw error;
      notRules.push({ check, reason: `${alert}: ${error.message}`, skippedAlert: alert });
      return;
    }
    rules.push(...built.map((rule) => ({ alert, check, ...rule })));
  };

  // Destinations declared with consumers are expected to be drained by them; those declared
  // with none (a TTL delay queue, a parking queue) are judged only for who attaches to them.
  const consumed = workflow.destinations.filter((d) => d.consumers.length > 0).map((d) => d.ref);
  const unconsumed = workflow.destinations.filter((d) => d.consumers.length === 0).map((d) => d.ref);

  const increase = (signal: "acked" | "published" | "delivered" | "redelivered", range: number) =>
    signals.increase(signal, consumed, range);
  /** A counter's increase, where a missing series means none happened (if the broker's does). */
  const increaseOrZero = (signal: "acked" | "delivered" | "redelivered", range: number, like: string) =>
    signals.absentCounter === "zero" ? `(${increase(signal, range)} or ${match} 0 * ${like})` : increase(signal, range);
  // Functions, not strings: a signal the exporter lacks throws when asked, inside add().
  const waiting = () => signals.gauge("waiting", consumed);

  if (consumed.length) {
    const noAckRange = thresholds.noAckFor;
    add("AsyncscopeNoConsumer", "consumers-alive", () => [
      {
        severity: "critical",
        expr: `${waiting()} > 0 and ${match} ${signals.gauge("consumers", consumed)} == 0`,
        forSeconds: CONSUMER_FOR_S,
        summary: `${name}: no ${words.consumer} on ${where}`,
        description: `{{ $value | humanize }} messages wait on ${where} and no ${words.consumer} is attached: the declared ${words.consumer} is down or crash-looping.`,
      },
    ]);
    add("AsyncscopeAcksStopped", "acks-progressing", () => [
      {
        severity: "critical",
        // Absent ack counters (the consumer's channel is gone) are no acks, not silence.
        expr:
          signals.absentCounter === "zero"
            ? `${waiting()} > 0 unless ${match} ${increase("acked", noAckRange)} > 0`
            : `${waiting()} > 0 and ${match} ${increase("acked", noAckRange)} == 0`,
        forSeconds: CONSUMER_FOR_S,
        summary: `${name}: no ack on ${where} for ${durationText(noAckRange)}`,
        description: `{{ $value | humanize }} messages wait on ${where} and none was acked in the last ${durationText(noAckRange)} (noAckFor).`,
      },
    ]);

    // throughput-balance: acked ÷ published over the window, with at least 10 published.
    const windowText = durationText(THROUGHPUT_WINDOW_S);
    add("AsyncscopeAcksBehindPublishes", "throughput-balance", () => {
      const published = increase("published", THROUGHPUT_WINDOW_S);
      const ratio = `(${increaseOrZero("acked", THROUGHPUT_WINDOW_S, published)} / ${published})`;
      const enough = `${match} ${published} >= 10`;
      return [
        {
          severity: "critical",
          expr: `${ratio} < 0.5 and ${enough}`,
          forSeconds: 300,
          summary: `${name}: ${where} acks less than half of what is published`,
          description: `Only {{ $value | humanizePercentage }} of the messages published to ${where} in the last ${windowText} were acked; the rest wait, were rejected or are lost.`,
        },
        {
          severity: "warning",
          expr: `${ratio} >= 0.5 < 0.9 and ${enough}`,
          forSeconds: 300,
          summary: `${name}: ${where} acks less than 90% of what is published`,
          description: `{{ $value | humanizePercentage }} of the messages published to ${where} in the last ${windowText} were acked: rejects or a slow ${words.consumer}.`,
        },
      ];
    });

    // backlog: Burrow's window rules (lib/analysis/lag.ts) over BACKLOG_WINDOW_S. "Never
    // decreasing" has no PromQL; WARN is read as "grew over the window and never emptied".
    const backlogRange = `[${duration(BACKLOG_WINDOW_S)}:${duration(RESOLUTION_S)}]`;
    const neverEmpty = () => `min_over_time((${waiting()})${backlogRange}) > 0`;
    const acked = () => `${match} ${increase("acked", BACKLOG_WINDOW_S)} > 0`;
    const delivered = () => `${match} ${increase("delivered", BACKLOG_WINDOW_S)} > 0`;
    const backlogWindow = durationText(BACKLOG_WINDOW_S);
    add("AsyncscopeBacklogStopped", "backlog", () => [
      {
        severity: "critical",
        expr: `${neverEmpty()} unless ${acked()} unless ${delivered()}`,
        forSeconds: CONSUMER_FOR_S,
        summary: `${name}: nothing takes messages from ${where}`,
        description: `${where} held messages for the whole ${backlogWindow} (at least {{ $value | humanize }}) and nothing was acked or delivered (lag STOP).`,
      },
    ]);
    add("AsyncscopeBacklogStalled", "backlog", () => [
      {
        severity: "critical",
        expr: `${neverEmpty()} and ${delivered()} unless ${acked()}`,
        forSeconds: CONSUMER_FOR_S,
        summary: `${name}: messages on ${where} are delivered but never acked`,
        description: `${where} held messages for the whole ${backlogWindow} (at least {{ $value | humanize }}); they are delivered but none is acked (lag STALL).`,
      },
    ]);
    add("AsyncscopeBacklogGrowing", "backlog", () => [
      {
        severity: "warning",
        expr: `delta((${waiting()})${backlogRange}) > 0 and ${match} ${neverEmpty()} and ${acked()}`,
        forSeconds: BACKLOG_WINDOW_S,
        summary: `${name}: the backlog on ${where} keeps growing`,
        description: `${where} grew by ${COUNT} messages in ${backlogWindow} and never emptied while acks move: the ${words.consumer} falls behind (lag WARN).`,
      },
    ]);

    // oldest-message-age: only where the broker exposes the head message's timestamp; the
    // estimates Asyncscope makes without one reach alerting through the check-state rules.
    const warnS = thresholds.oldestMessageAge;
    const critS = Math.max(warnS * 5, thresholds.noAckFor);
    add("AsyncscopeOldMessage", "oldest-message-age", () => {
      const age = `time() - ${signals.gauge("oldestTimestamp", consumed, "min")}`;
      return [
        {
          severity: "critical",
          expr: `${age} > ${critS} and ${match} ${waiting()} > 0`,
          forSeconds: CONSUMER_FOR_S,
          summary: `${name}: a message on ${where} has waited over ${durationText(critS)}`,
          description: `The oldest message on ${where} is {{ $value | humanizeDuration }} old.`,
        },
        {
          severity: "warning",
          expr: `${age} > ${warnS} <= ${critS} and ${match} ${waiting()} > 0`,
          forSeconds: CONSUMER_FOR_S,
          summary: `${name}: a message on ${where} has waited over ${durationText(warnS)}`,
          description: `The oldest message on ${where} is {{ $value | humanizeDuration }} old (limit ${durationText(warnS)}).`,
        },
      ];
    });
    notRules.push({
      check: "oldest-message-age",
      reason: `the rule needs the broker's head-message timestamp (${words.broker} has it only for messages published with a timestamp); without it Asyncscope estimates the age, which reaches alerting through asyncscope_check_status`,
    });

    const redeliveryWindow = durationText(REDELIVERY_WINDOW_S);
    add("AsyncscopeRedeliveryStorm", "redeliveries", () => {
      const redelivered = increase("redelivered", REDELIVERY_WINDOW_S);
      const share = `(${redelivered} / ${increase("delivered", REDELIVERY_WINDOW_S)})`;
      return [
        {
          severity: "critical",
          expr: `${share} > 0.5 and ${match} ${redelivered} >= 20`,
          forSeconds: 120,
          summary: `${name}: most deliveries on ${where} are redeliveries`,
          description: `{{ $value | humanizePercentage }} of the deliveries on ${where} in the last ${redeliveryWindow} were redeliveries: a requeue storm.`,
        },
        {
          severity: "warning",
          // Everything the critical rule does not take: a high share with fewer than 20 is a warning too.
          expr: `${share} > 0.1 and ${match} ${redelivered} >= 5 unless ${match} (${share} > 0.5 and ${match} ${redelivered} >= 20)`,
          forSeconds: 120,
          summary: `${name}: many redeliveries on ${where}`,
          description: `{{ $value | humanizePercentage }} of the deliveries on ${where} in the last ${redeliveryWindow} were redeliveries: ${words.consumer}s requeue or lose their channels.`,
        },
      ];
    });
  }

  if (unconsumed.length) {
    add("AsyncscopeUnexpectedConsumer", "unexpected-consumers", () => [
      {
        severity: "critical",
        expr: `${signals.gauge("consumers", unconsumed)} > 0`,
        forSeconds: CONSUMER_FOR_S,
        summary: `${name}: something consumes ${where}, which should have no ${words.consumer}`,
        description: `{{ $value | humanize }} ${words.consumer}(s) attached to ${where}, declared with none: messages meant to wait there are being taken.`,
      },
    ]);
  }
  if (!signals.consumerIdentityInMetrics && consumed.length) {
    notRules.push({
      check: "unexpected-consumers",
      reason: `${words.broker}'s metrics count ${words.consumer}s but do not say who they are; an undeclared ${words.consumer} beside the declared one is found from the broker's API and reaches alerting through asyncscope_check_status`,
    });
  }

  if ("unknown" in inputs.deadLetters) {
    notRules.push({
      check: "dead-letters",
      reason: `the ${words.deadLetter}s are not in the config and were not known when exporting (${inputs.deadLetters.unknown}); export again with the broker reachable, or rely on asyncscope_check_status`,
    });
  } else if (inputs.deadLetters.length) {
    const deadLetterRefs = inputs.deadLetters;
    // Growth from the window's lowest point, not delta(): a queue purged (or drained) at the
    // start of the window and filling again since would read as shrinking end to end.
    const limit = thresholds.deadLetterPerMinute * (DEAD_LETTER_WINDOW_S / 60);
    add("AsyncscopeDeadLettersGrowing", "dead-letters", () => {
      const depth = signals.gauge("waiting", deadLetterRefs);
      const growth = `${depth} - min_over_time((${depth})[${duration(DEAD_LETTER_WINDOW_S)}:${duration(RESOLUTION_S)}])`;
      return [
        {
          severity: "warning",
          expr: `${growth} > ${limit}`,
          forSeconds: CONSUMER_FOR_S,
          summary: `${name}: dead letters pile up in ${where}`,
          description: `${where} rose by ${COUNT} messages from its lowest point in the last ${durationText(DEAD_LETTER_WINDOW_S)} (limit ${thresholds.deadLetterPerMinute}/min): messages of this workflow are failing.`,
        },
      ];
    });
    // Not growing, but not handled either: the check warns as long as any sit there.
    add("AsyncscopeDeadLettersWaiting", "dead-letters", () => [
      {
        severity: "warning",
        expr: `${signals.gauge("waiting", deadLetterRefs)} > 0`,
        forSeconds: DEAD_LETTERS_WAITING_FOR_S,
        summary: `${name}: dead letters wait in ${where}`,
        description: `{{ $value | humanize }} messages have sat in ${where} for over ${durationText(DEAD_LETTERS_WAITING_FOR_S)}: failed messages nobody has handled.`,
      },
    ]);
  }
  for (const counter of workflow.dropCounters) {
    rules.push({
      alert: "AsyncscopeDeliberateDrops",
      check: "silent-drops",
      severity: "warning",
      expr: `sum(increase(${selector(counter)}[${duration(DROP_WINDOW_S)}])) >= 0.5`,
      forSeconds: CONSUMER_FOR_S,
      labels: { counter },
      summary: `${name}: ${templateLiteral(counter)} counts dropped messages`,
      description: `${templateLiteral(counter)} increased by ${COUNT} in the last ${durationText(DROP_WINDOW_S)}: messages were dropped on purpose.`,
    });
  }

  // The checks that read traces: the check-state rules below are their only way to page.
  notRules.push(
    ...(["trace-completeness", "orphan-publishes", "clock-skew"] as const).map((check) => ({
      check,
      reason: "it reads traces (Jaeger); PromQL cannot",
    })),
    {
      check: "silent-drops",
      reason: `its trace half (a consumer span without the work expected after it) reads traces; only the configured drop counters are a rule here`,
    },
    { check: "log-findings", reason: "it reads the log store (VictoriaLogs, Loki, Elasticsearch); PromQL cannot" },
  );

  // The data the rules above read: absent for longer than staleAfter means they would say
  // nothing while seeing nothing.
  const staleS = Math.max(60, Math.ceil(inputs.staleAfterMs / 1000));
  const destinations = [...consumed, ...unconsumed];
  if (destinations.length) {
    rules.push({
      alert: "AsyncscopeBrokerMetricsAbsent",
      check: SOURCE_DATA,
      severity: "warning",
      expr: destinations.map((ref) => `absent_over_time(${signals.presence(ref)}[${duration(staleS)}])`).join(" or "),
      forSeconds: CONSUMER_FOR_S,
      summary: `${name}: no ${words.broker} metrics for ${where}`,
      description: `Prometheus has no sample for ${where} in the last ${durationText(staleS)}: the exporter is not scraped, or the ${words.destination} is gone. The other rules cannot judge it meanwhile.`,
    });
  }

  // Asyncscope's own evaluation (asyncscope_check_status on /api/metrics, from its background
  // sweep): the only way the trace checks, and the estimates above, can page.
  // Every check of the workflow, also those with PromQL rules above: the check-state rules page
  // for what PromQL cannot see (a flapping consumer, a dead-letter route to nowhere, estimated
  // ages). An Alertmanager inhibit rule (docs/alerting.md) keeps one page per check.
  const stateOf = selector("asyncscope_check_status", { workflow: eq(workflow.id) });
  const evaluatedAt = selector("asyncscope_check_evaluated_timestamp_seconds", { workflow: eq(workflow.id) });
  rules.push(
    {
      alert: "AsyncscopeCheckCritical",
      check: undefined,
      severity: "critical",
      expr: `${stateOf} == 2`,
      forSeconds: 120,
      summary: `${name}: {{ $labels.check }} is critical`,
      description: `Asyncscope judges {{ $labels.check }} critical for ${name}; the workflow page says why.`,
    },
    {
      alert: "AsyncscopeCheckWarning",
      check: undefined,
      severity: "warning",
      expr: `${stateOf} == 1`,
      forSeconds: 300,
      summary: `${name}: {{ $labels.check }} is a warning`,
      description: `Asyncscope judges {{ $labels.check }} a warning for ${name}; the workflow page says why.`,
    },
    {
      alert: "AsyncscopeCheckUnknown",
      check: undefined,
      severity: "warning",
      expr: `${stateOf} == 3`,
      forSeconds: 900,
      summary: `${name}: {{ $labels.check }} cannot be judged`,
      description: `Asyncscope has not been able to judge {{ $labels.check }} for ${name} for 15 minutes: a source it needs is failing (see the sources page).`,
    },
    {
      alert: "AsyncscopeCheckStateAbsent",
      check: SOURCE_DATA,
      severity: "warning",
      expr: `absent_over_time(${evaluatedAt}[${duration(STATE_STALE_S)}]) or (time() - ${evaluatedAt}) > ${STATE_STALE_S}`,
      forSeconds: CONSUMER_FOR_S,
      summary: `${name}: Asyncscope's check state is missing or old`,
      description: `Asyncscope has not evaluated ${name} in the last ${durationText(STATE_STALE_S)} (or Prometheus does not scrape its /api/metrics): the trace checks cannot page meanwhile.`,
    },
  );
  return { workflowId: workflow.id, workflowName: workflow.name, rules, notRules };
}
