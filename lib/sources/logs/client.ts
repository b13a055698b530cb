// sources.logs: one log store, whichever it is. The adapter is picked by `store`; OpenSearch
// answers the Elasticsearch query DSL we use, so it shares that adapter.
import "server-only";
import type { LogsSourceConfig } from "./config";
import { createElasticsearchStore } from "./elasticsearch/adapter";
import { createLokiStore } from "./loki/adapter";
import type { LogStore, LogStoreDeps } from "./store";
import { createVictoriaLogsStore } from "./victorialogs/adapter";

export type { LogStore } from "./store";
export { LOG_STORE_NAMES } from "./store";

function adapterFor(config: LogsSourceConfig, deps: LogStoreDeps): LogStore {
  switch (config.store) {
    case "victorialogs":
      return createVictoriaLogsStore(config, deps);
    case "loki":
      return createLokiStore(config, deps);
    case "elasticsearch":
    case "opensearch":
      return createElasticsearchStore(config, deps);
  }
}

export function createLogsSource(config: LogsSourceConfig, deps: LogStoreDeps = {}): LogStore {
  const store = adapterFor(config, deps);
  // sources.logs.lineLimit bounds what one evaluation reads, whatever the caller asks.
  const reader = {
    ...store.reader,
    traceLines: (traceIds: readonly string[], window: { fromMs: number; toMs: number }, limit: number) =>
      store.reader.traceLines(traceIds, window, Math.min(limit, config.lineLimit)),
  };
  return { store: store.store, reader, health: () => store.health(), http: store.http };
}
