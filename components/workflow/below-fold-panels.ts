// The panels below-fold.tsx loads lazily, in one module so both arrive in one chunk.
export { TracesPanels } from "@/components/traces/traces-panels";
export { LogsPanel } from "./logs-panel";
