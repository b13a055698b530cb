import "server-only";
// What Prometheus has for discovery: which queues have series (and under which metric names),
// and counters named like deliberate drops. Two instant queries, grouped server-side so the
// answer stays small on big brokers (one series per queue and metric name).
import type { PrometheusSource } from "./client";

export const QUEUE_SERIES_QUERY =
  'count by (__name__, vhost, queue) ({__name__=~"rabbitmq_(detailed_)?queue_.+", queue!=""})';
export const DROP_COUNTER_QUERY =
  'count by (__name__, service, service_name) ({__name__=~".+_(dropped|invalid)_total"})';

export interface PrometheusInventory {
  queueSeries: Record<string, string[]>;
  dropCounters: { name: string; services: string[] }[];
  warnings: string[];
}

export async function readInventory(source: PrometheusSource): Promise<PrometheusInventory> {
  const [queues, drops] = await Promise.all([source.query(QUEUE_SERIES_QUERY), source.query(DROP_COUNTER_QUERY)]);
  const queueSeries = new Map<string, Set<string>>();
  for (const s of queues.series) {
    const { __name__: name, vhost = "/", queue } = s.labels;
    if (!name || !queue) continue;
    const key = `${vhost}/${queue}`;
    queueSeries.set(key, (queueSeries.get(key) ?? new Set()).add(name));
  }
  const counters = new Map<string, Set<string>>();
  for (const s of drops.series) {
    const name = s.labels.__name__;
    if (!name) continue;
    const services = counters.get(name) ?? new Set<string>();
    // Which service counts it: a service label, or OTel's service_name. The scrape job is not
    // read as one: it often names a whole host or exporter.
    const service = s.labels.service ?? s.labels.service_name;
    if (service) services.add(service);
    counters.set(name, services);
  }
  return {
    queueSeries: Object.fromEntries([...queueSeries].map(([key, names]) => [key, [...names].sort()])),
    dropCounters: [...counters].map(([name, services]) => ({ name, services: [...services].sort() })),
    warnings: [...queues.warnings, ...drops.warnings],
  };
}
