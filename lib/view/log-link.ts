// The workflow's log search link for a trace (logs.linkTemplate in asyncscope.yaml). Pure.

/** Fills a workflow's log link template ({traceId}, {from}, {to}, {fromMs}, {toMs}). */
export function fillLogLink(template: string, traceId: string, window: { fromMs: number; toMs: number }): string {
  const values: Record<string, string> = {
    traceId,
    from: new Date(window.fromMs).toISOString(),
    to: new Date(window.toMs).toISOString(),
    fromMs: String(window.fromMs),
    toMs: String(window.toMs),
  };
  return template.replace(/\{(traceId|from|to|fromMs|toMs)\}/g, (_, key: string) => encodeURIComponent(values[key]!));
}
