// The public surface of the sources layer. Clients come from `registry.ts` (server only);
// this file re-exports their types and the pure helpers (PromQL builders, deep links, errors),
// which are safe anywhere.
export type { PrometheusSource, RangeOptions } from "./prometheus/client";
export type { JaegerSource, JaegerApi, TraceSearchResult } from "./jaeger/client";
export type { RabbitSource, QueueListOptions } from "./rabbitmq/client";
export type { Sources } from "./registry";
export type { QueueSeries, QueueSeriesName, QueueGaugesNow } from "./rabbitmq/metrics";
export { SourceError, isSourceError, gatewayStatus, displayUrl, type SourceErrorKind } from "./errors";
export {
  selector,
  eq,
  neq,
  oneOf,
  promString,
  escapeRegex,
  duration,
  byLabels,
  type Matcher,
} from "./prometheus/promql";
export { chooseStep, PROMETHEUS_MAX_POINTS, type StepChoice } from "./prometheus/step";
export {
  QUEUE_GAUGES,
  queueGaugeQuery,
  queuePublishRateQuery,
  queueAckRateQuery,
  queueDeliverRateQuery,
  queueRedeliverRateQuery,
  queueAckCountQuery,
  deadLetterRateQuery,
  type QueueRef,
  type QueueGauge,
  type RabbitPromOptions,
  type DeadLetterReason,
} from "./rabbitmq/promql";
export { resolveDeadLetter } from "./rabbitmq/map";
export { traceUrl, compareUrl, searchUrl } from "./jaeger/links";
export { summarizeTrace } from "./jaeger/map-otlp";
