"use client";
// One chunk for the panels below-fold.tsx loads after the page's first load: the traces, the logs and config drift.
export { TracesPanels } from "@/components/traces/traces-panels";
export { LogsPanel } from "./logs-panel";
export { ConfigDrift } from "./config-drift";
