import "server-only";
// Links out of Asyncscope: into Prometheus, Jaeger, the broker's own UI and the log search.
// Analysis says where to look next (NextStep); this turns it into URLs with the configured
// bases, and drops what no configured source can show.
import type { AsyncscopeConfig, WorkflowConfig } from "@/lib/config/schema";
import type { ChecklistLink, ChecklistStep, NextStep } from "@/lib/analysis/types";
import { capitalise } from "@/lib/domain/destination";
import { BROKERS } from "@/lib/sources/brokers";
import type { RateWindow } from "@/lib/sources/broker";
import { searchUrl, traceUrl } from "@/lib/sources/jaeger/links";
import { fillLogLink } from "./log-link";

export interface LinkContext {
  workflow: WorkflowConfig;
  config: AsyncscopeConfig;
  window: { fromMs: number; toMs: number };
  /** The step of the metric queries and their rate range, for the expressions in graph links. */
  rates: RateWindow;
}

/** Where people open traces: Jaeger's uiUrl, else its query URL (Jaeger serves its UI there). */
export function jaegerUiBase(config: AsyncscopeConfig): string | undefined {
  const jaeger = config.sources.jaeger;
  return jaeger ? (jaeger.uiUrl ?? jaeger.url) : undefined;
}

function promGraph(base: string, expr: string, window: { fromMs: number; toMs: number }): string {
  const rangeS = Math.max(60, Math.round((window.toMs - window.fromMs) / 1000));
  const params = new URLSearchParams({
    "g0.expr": expr,
    "g0.tab": "0",
    "g0.range_input": `${rangeS}s`,
    "g0.end_input": new Date(window.toMs).toISOString(),
  });
  return `${base.replace(/\/+$/, "")}/graph?${params.toString()}`;
}

/** One NextStep as a link, or undefined when no configured source can show it. */
export function resolveNext(next: NextStep, ctx: LinkContext): ChecklistLink | undefined {
  const { workflow, config, window } = ctx;
  const words = workflow.vocabulary;
  const jaegerUi = jaegerUiBase(config);
  switch (next.kind) {
    case "metric": {
      const prometheus = config.sources.prometheus?.url;
      if (!prometheus) return undefined;
      const plan = BROKERS[workflow.broker].metricPlan(
        workflow.destinations,
        ctx.rates,
        config.sources[workflow.broker] as never,
      );
      const query = plan.queries.find((q) => q.signal === next.signal);
      if (!query) return undefined;
      const expr = query.perSecond?.() ?? query.expr([]);
      const label =
        next.signal === "waiting" ? `${capitalise(words.destination)} depth in Prometheus` : "Ack rate in Prometheus";
      return { label, url: promGraph(prometheus, expr, window) };
    }
    case "destination": {
      const adapter = BROKERS[workflow.broker];
      const brokerConfig = config.sources[workflow.broker];
      const destination = workflow.destinations.find((d) => d.ref.key === next.key);
      if (!brokerConfig || !destination || !adapter.destinationUrl) return undefined;
      const url = adapter.destinationUrl(brokerConfig as never, destination.ref);
      return url ? { label: `${destination.ref.name} in ${words.broker}`, url } : undefined;
    }
    case "trace":
      return jaegerUi
        ? { label: `Trace ${next.traceId.slice(0, 12)}… in Jaeger`, url: traceUrl(jaegerUi, next.traceId) }
        : undefined;
    case "trace-search": {
      const producer = workflow.producer;
      if (!jaegerUi || !producer) return undefined;
      return {
        label: `${producer.service} traces in Jaeger`,
        url: searchUrl(jaegerUi, {
          service: producer.service,
          operation: producer.span,
          start: new Date(window.fromMs),
          end: new Date(window.toMs),
          limit: 100,
        }),
      };
    }
    case "logs":
      return workflow.logs?.linkTemplate
        ? {
            label: `Logs for trace ${next.traceId.slice(0, 12)}…`,
            url: fillLogLink(workflow.logs.linkTemplate, next.traceId, window),
          }
        : undefined;
  }
}

/** The checklist with its next steps as links. */
export function checklistWithLinks(steps: ReadonlyArray<ChecklistStep<NextStep>>, ctx: LinkContext): ChecklistStep[] {
  return steps.map((step) => ({
    ...step,
    next: step.next.flatMap((next) => {
      const link = resolveNext(next, ctx);
      return link ? [link] : [];
    }),
  }));
}
