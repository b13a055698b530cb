// Evidence recorded before the broker-neutral model (bundle format 1) was RabbitMQ's by
// definition: queue snapshots, metric series labelled queue/vhost, and a workflow config with
// `queues:`. Snapshots and share links stored in users' databases, and recordings on disk,
// still open: this maps them into today's shapes, through the same mapping the live adapter
// uses (snapshot.ts, metric-plan.ts), so they render and judge as they did.
import type { DestinationConfig, WorkflowConfig } from "@/lib/config/schema";
import type { BrokerSnapshot, DestinationSignal } from "@/lib/domain/destination";
import { DESTINATION_LABEL } from "@/lib/domain/destination";
import type { Series } from "@/lib/domain/series";
import type { DestinationHistory, Observed, TraceSample, WorkflowSignals } from "@/lib/analysis/types";
import { DEFAULT_SCRAPE_INTERVAL_SECONDS, defaultStaleAfterSeconds } from "@/lib/config/fields";
import { queueRef, STATS_INTERVAL_SECONDS } from "./config";
import { rabbitMetricPlan } from "./metric-plan";
import type { QueueDeadLetterRoute, QueueSnapshot } from "./model";
import { toBrokerSnapshot } from "./snapshot";

/** Format 1's broker state: the declared queues, those missing, and where they dead-letter. */
interface V1BrokerState {
  queues: QueueSnapshot[];
  missing: string[];
  deadLetterQueues: QueueSnapshot[];
  routes: QueueDeadLetterRoute[];
}

/** Format 1's metrics: one series per queue per signal, labelled queue and vhost (or queue_vhost). */
interface V1Metrics {
  ready: Observed<Series[]>;
  unacked: Observed<Series[]>;
  consumers: Observed<Series[]>;
  acked: Observed<Series[]>;
  published: Observed<Series[]>;
  redelivered: Observed<Series[]>;
  delivered: Observed<Series[]>;
  headTimestamp?: Observed<Series[]>;
  drops: Observed<Series[]>;
  stepSeconds: number;
  fromMs: number;
}

export interface V1Signals {
  version: 1;
  workflowId: string;
  window: { fromMs: number; toMs: number };
  nowMs: number;
  broker: Observed<V1BrokerState>;
  metrics: V1Metrics;
  traces: Observed<TraceSample>;
}

/** Format 1's workflow config: `queues` of names and consumer names. */
export interface V1WorkflowConfig extends Omit<WorkflowConfig, "broker" | "destinations" | "vocabulary"> {
  queues: Array<{ name: string; vhost: string; consumers: string[] }>;
}

/** What format 1 did not record: today's defaults, for Prometheus's default scrape interval. */
const V1_STALE_AFTER_MS = {
  prometheus: defaultStaleAfterSeconds(DEFAULT_SCRAPE_INTERVAL_SECONDS) * 1000,
  rabbitmq: defaultStaleAfterSeconds(STATS_INTERVAL_SECONDS) * 1000,
};

const V1_SIGNALS: Array<[keyof V1Metrics, DestinationSignal]> = [
  ["ready", "waiting"],
  ["unacked", "inFlight"],
  ["consumers", "consumers"],
  ["acked", "acked"],
  ["published", "published"],
  ["redelivered", "redelivered"],
  ["delivered", "delivered"],
  ["headTimestamp", "oldestTimestamp"],
];

export function upgradeV1Config(v1: V1WorkflowConfig, vocabulary: WorkflowConfig["vocabulary"]): WorkflowConfig {
  const { queues, ...rest } = v1;
  return {
    ...rest,
    broker: "rabbitmq",
    destinations: queues.map((q): DestinationConfig => ({
      ref: queueRef(q.vhost, q.name),
      consumers: q.consumers.map((name) => ({ name })),
    })),
    expectedSpans: v1.expectedSpans ?? [],
    vocabulary,
  };
}

function upgradeState(v1: V1Signals, destinations: readonly DestinationConfig[]): Observed<BrokerSnapshot> {
  if (!v1.broker.ok) return v1.broker;
  const state = v1.broker.value;
  const times = state.queues.map((q) => q.atMs);
  return {
    ok: true,
    value: toBrokerSnapshot(destinations, {
      queues: state.queues,
      missing: state.missing,
      deadLetterQueues: state.deadLetterQueues,
      routes: state.routes,
      atMs: times.length ? Math.max(...times) : v1.nowMs,
    }),
  };
}

function upgradeHistory(v1: V1Signals, destinations: readonly DestinationConfig[]): DestinationHistory {
  const m = v1.metrics;
  // Only its labelling is used: the recorded series were already taken (at the legacy range).
  const plan = rabbitMetricPlan(
    destinations,
    { stepSeconds: m.stepSeconds, rateRangeSeconds: m.stepSeconds },
    undefined,
  );
  const signals: DestinationHistory["signals"] = {};
  for (const [field, signal] of V1_SIGNALS) {
    const obs = m[field] as Observed<Series[]> | undefined;
    if (!obs) continue;
    signals[signal] = !obs.ok
      ? obs
      : {
          ...obs,
          value: obs.value.flatMap((s) => {
            const key = plan.destinationOf(s.labels, signal);
            return key === undefined ? [] : [{ ...s, labels: { ...s.labels, [DESTINATION_LABEL]: key } }];
          }),
        };
  }
  return { signals, drops: m.drops, absentCounter: plan.absentCounter, stepSeconds: m.stepSeconds, fromMs: m.fromMs };
}

export function upgradeV1Signals(v1: V1Signals, workflow: WorkflowConfig): WorkflowSignals {
  return {
    version: 2,
    workflowId: v1.workflowId,
    window: v1.window,
    nowMs: v1.nowMs,
    broker: "rabbitmq",
    state: upgradeState(v1, workflow.destinations),
    history: upgradeHistory(v1, workflow.destinations),
    traces: v1.traces,
    staleAfterMs: V1_STALE_AFTER_MS,
  };
}
