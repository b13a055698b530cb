// The order_confirmed event as published by order-service and read by its consumers.
export interface OrderConfirmed {
  orderId: string;
  sku: string;
  qty: number;
  email: string;
  placedAt: string;
}

export type Parsed =
  { kind: "ok"; event: OrderConfirmed } | { kind: "invalid"; reason: string } | { kind: "unparseable"; reason: string };

/** Parse and validate a message body; the three outcomes map to different decision branches. */
export function parseOrderConfirmed(body: Buffer): Parsed {
  let raw: unknown;
  try {
    raw = JSON.parse(body.toString("utf8"));
  } catch (err) {
    return { kind: "unparseable", reason: (err as Error).message };
  }
  if (typeof raw !== "object" || raw === null) return { kind: "invalid", reason: "not an object" };
  const e = raw as Record<string, unknown>;
  if (typeof e.orderId !== "string" || e.orderId === "") return { kind: "invalid", reason: "orderId missing" };
  if (typeof e.sku !== "string" || !/^SKU-\d{4}$/.test(e.sku)) return { kind: "invalid", reason: "bad sku" };
  if (typeof e.qty !== "number" || !Number.isInteger(e.qty) || e.qty < 1) return { kind: "invalid", reason: "bad qty" };
  if (typeof e.email !== "string" || !e.email.includes("@")) return { kind: "invalid", reason: "bad email" };
  if (typeof e.placedAt !== "string") return { kind: "invalid", reason: "placedAt missing" };
  return { kind: "ok", event: e as unknown as OrderConfirmed };
}

/** Stable 0..1 value per id, so a fault's "share" picks the same messages on every retry. */
export function shareOf(id: string): number {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return (h >>> 0) / 0x1_0000_0000;
}
