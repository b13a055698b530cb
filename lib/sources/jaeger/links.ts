// Deep links into the Jaeger UI. Pure; the base is the configured uiUrl (or url).

export function traceUrl(uiBase: string, traceId: string, spanId?: string): string {
  const base = `${uiBase.replace(/\/+$/, "")}/trace/${encodeURIComponent(traceId)}`;
  return spanId ? `${base}?uiFind=${encodeURIComponent(spanId)}` : base;
}

export function searchUrl(
  uiBase: string,
  opts: { service: string; operation?: string; start?: Date; end?: Date; limit?: number },
): string {
  const params = new URLSearchParams({ service: opts.service });
  if (opts.operation) params.set("operation", opts.operation);
  if (opts.start) params.set("start", String(opts.start.getTime() * 1000));
  if (opts.end) params.set("end", String(opts.end.getTime() * 1000));
  if (opts.limit) params.set("limit", String(opts.limit));
  return `${uiBase.replace(/\/+$/, "")}/search?${params.toString()}`;
}
