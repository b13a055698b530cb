import "server-only";
// A workflow's trace sample from Jaeger: the producer's traces in the window, plus the traces
// of expected consumers that link to their producer from a trace of their own.
import type { WorkflowConfig } from "@/lib/config/schema";
import { matchesRef, type Trace } from "@/lib/domain/trace";
import type { TraceSample } from "@/lib/analysis/types";
import type { TraceReader } from "../readers";
import type { JaegerSource } from "./client";

export function jaegerTraceReader(jaeger: JaegerSource): TraceReader {
  return {
    async sample(workflow: WorkflowConfig, start: Date, end: Date, limit: number): Promise<TraceSample> {
      const producer = workflow.producer;
      // The evaluator does not ask without one (collect.ts); an empty sample would read as "no traffic".
      if (!producer) throw new Error(`workflow ${workflow.id} declares no producer span to search for`);
      const first = await jaeger.findTraces({ service: producer.service, operation: producer.span, start, end, limit });
      const traces = new Map<string, Trace>(first.traces.map((t) => [t.traceId, t]));
      const warnings = [...first.warnings];
      let truncated = first.traces.length >= limit;
      const coveredFromMs = truncated
        ? Math.min(...first.traces.map((t) => Math.min(...t.spans.map((s) => s.startUs / 1000))))
        : undefined;
      // Consumers that link to their producer from a trace of their own are not in the producer's
      // traces: fetch those consumer services too (one search per expected consumer span that the
      // first sample did not contain), and the linked traces join by span link.
      const spans = first.traces.flatMap((t) => t.spans);
      const absent = workflow.expectedSpans.filter(
        (ref) => ref.kind === "consumer" && !spans.some((s) => matchesRef(s, ref)),
      );
      if (first.traces.length > 0 && absent.length > 0) {
        const more = await Promise.all(
          absent.map((ref) => jaeger.findTraces({ service: ref.service, operation: ref.span, start, end, limit })),
        );
        for (const result of more) {
          warnings.push(...result.warnings);
          if (result.traces.length >= limit) truncated = true;
          for (const t of result.traces) if (!traces.has(t.traceId)) traces.set(t.traceId, t);
        }
      }
      return {
        traces: [...traces.values()],
        limit,
        truncated,
        ...(coveredFromMs !== undefined ? { coveredFromMs } : {}),
        warnings,
      };
    },
  };
}
