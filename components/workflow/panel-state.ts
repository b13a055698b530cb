import type { PanelState } from "@/components/ui/panel";
import type { PanelData } from "@/lib/view/view-model";

// Not in a "use client" module: server-rendered panels (snapshots, the consumer list) call it
// too, and a server component cannot call a function exported from a client module.

/** A panel's state from its data: ready, or an error naming the source that failed. */
export function panelState<T>(p: PanelData<T>): PanelState {
  if (!p.ok) return { kind: "error", source: p.sourceName, message: p.reason };
  return { kind: "ready" };
}
