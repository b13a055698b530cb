// Trace and span ids in one canonical form, so v1 and api_v3 answers about the same trace
// compare equal: lowercase hex, trace ids padded to 32 digits (v1 may send 16), span ids to 16.
// OTLP-JSON from some writers uses base64 (protojson's bytes encoding) instead of hex; it is
// decoded. Anything else (the UI fixtures use "span-1") is kept verbatim and reported.

const HEX = /^[0-9a-fA-F]+$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export interface IdResult {
  id: string;
  /** Set when the id is not hex and was kept as sent. */
  nonHex?: boolean;
}

export function normalizeId(raw: string, width: 16 | 32): IdResult {
  if (HEX.test(raw) && raw.length <= width) return { id: raw.toLowerCase().padStart(width, "0") };
  if (HEX.test(raw) && raw.length > width && /^0+$/.test(raw.slice(0, raw.length - width)))
    return { id: raw.slice(-width).toLowerCase() };
  if (BASE64.test(raw) && raw.length % 4 === 0) {
    const bytes = Buffer.from(raw, "base64");
    if (bytes.length === width / 2) return { id: bytes.toString("hex") };
  }
  return { id: raw, nonHex: true };
}

export const traceIdOf = (raw: string) => normalizeId(raw, 32);
export const spanIdOf = (raw: string) => normalizeId(raw, 16);
