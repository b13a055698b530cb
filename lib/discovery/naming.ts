// A proposal's id and name, from what the flow's spans say: the entry point's route or
// operation ("POST /checkout" → checkout), else where the producer publishes.
import type { SpanRef } from "./types";

const ID_MAX = 63;

export function slug(text: string): string {
  const id = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, ID_MAX)
    .replace(/-+$/, "");
  return id === "" ? "workflow" : id;
}

/** "POST /orders/{id}/checkout" → "checkout"; "publish orders" → "orders". */
function operationWords(span: string): string {
  const http = /^(?:GET|POST|PUT|PATCH|DELETE)\s+(\S+)/i.exec(span);
  if (http) {
    const segments = http[1]!.split("/").filter((s) => s !== "" && !/^[{:<]/.test(s));
    return segments[segments.length - 1] ?? "root";
  }
  return span.replace(/^(?:publish|send|process|receive)\s+/i, "");
}

export function proposalId(entry: SpanRef, publishesTo: { exchange: string; routingKey?: string } | undefined): string {
  const words = entry.kind === "producer" || entry.kind === "consumer" ? undefined : operationWords(entry.span);
  return slug(words ?? publishesTo?.routingKey ?? publishesTo?.exchange ?? operationWords(entry.span));
}

export function proposalName(id: string, producerService: string, consumerServices: string[]): string {
  const title = id.replace(/-/g, " ").replace(/^./, (c) => c.toUpperCase());
  const to = consumerServices.length > 0 ? consumerServices.join(", ") : "no consumer seen";
  return `${title}: ${producerService} → ${to}`;
}

/** Ids unique within the result: a second "checkout" becomes "checkout-2". */
export function uniqueIds<T extends { id: string }>(items: T[]): T[] {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const n = (seen.get(item.id) ?? 0) + 1;
    seen.set(item.id, n);
    return n === 1 ? item : { ...item, id: `${item.id.slice(0, ID_MAX - 3)}-${n}` };
  });
}
