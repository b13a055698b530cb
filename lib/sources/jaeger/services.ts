import "server-only";
// The services Jaeger has traces of, and a sample of each one's recent traces: what discovery
// reads when no workflow says which service to ask about yet.
import type { Trace } from "@/lib/domain/trace";
import type { JaegerSource } from "./client";
import { MAX_SEARCH_LIMIT } from "./client";
import { v1ServicesEnvelopeSchema, v3ServicesSchema } from "./schemas";

/** Jaeger traces itself; its own service is never a workflow's. */
const OWN_SERVICES = new Set(["jaeger", "jaeger-all-in-one", "jaeger-query", "jaeger-collector"]);

export async function listServices(source: JaegerSource): Promise<string[]> {
  const services =
    (await source.api()) === "v3"
      ? ((await source.http.getJson({ path: "/api/v3/services" }, v3ServicesSchema)).services ?? [])
      : ((await source.http.getJson({ path: "/api/services" }, v1ServicesEnvelopeSchema)).data ?? []);
  return services.filter((s) => !OWN_SERVICES.has(s)).sort();
}

export interface ServiceSample {
  traces: Trace[];
  /** True when a service had more traces in the window than were read. */
  truncated: boolean;
  warnings: string[];
  services: string[];
}

/**
 * Up to `perService` traces of every service in the window (or of `only` those, when one flow
 * is asked about: a trace holds every service's spans), each trace once.
 */
export async function sampleAllServices(
  source: JaegerSource,
  window: { start: Date; end: Date },
  perService: number,
  only?: readonly string[],
): Promise<ServiceSample> {
  const services = only ? [...only] : await listServices(source);
  const limit = Math.min(perService, MAX_SEARCH_LIMIT);
  const byId = new Map<string, Trace>();
  const warnings: string[] = [];
  let truncated = false;
  // One service at a time: a big Jaeger answers 1,000-trace searches in seconds, and discovery
  // is not worth overloading it for.
  for (const service of services) {
    const found = await source.findTraces({ service, start: window.start, end: window.end, limit });
    if (found.traces.length >= limit) truncated = true;
    warnings.push(...found.warnings);
    for (const trace of found.traces) {
      const known = byId.get(trace.traceId);
      // The same trace found through another service may hold more of its spans (late arrivals).
      if (!known || known.spans.length < trace.spans.length) byId.set(trace.traceId, trace);
    }
  }
  return { traces: [...byId.values()], truncated, warnings, services };
}
