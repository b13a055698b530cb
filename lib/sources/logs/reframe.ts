// The shared HTTP client (../http.ts) reads JSON bodies. Two kinds of answer from log stores are
// not JSON: VictoriaLogs' /select/logsql/query streams JSON lines (one object per line), and the
// readiness probes (/health, /ready, /metrics) answer plain text. This fetch wrapper re-frames
// such 2xx bodies as JSON while they stream, so the client's deadline, byte bound, coalescing
// and error handling apply unchanged: JSON lines become one array, text becomes one string.
// Error bodies pass through untouched (the client reads their text for the message).

export type Reframing = "json-lines" | "text";

export function reframingFetch(
  pick: (url: URL) => Reframing | undefined,
  inner: typeof fetch = globalThis.fetch,
): typeof fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    const target = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    const how = pick(target);
    if (!how || !response.ok || !response.body) return response;
    const headers = new Headers(response.headers);
    // The re-framed body is longer than declared; the client counts the bytes it reads instead.
    headers.delete("content-length");
    headers.set("content-type", "application/json");
    const body = response.body
      .pipeThrough(new TextDecoderStream())
      .pipeThrough(how === "json-lines" ? jsonLinesToArray() : textToString())
      .pipeThrough(new TextEncoderStream());
    return new Response(body, { status: response.status, statusText: response.statusText, headers });
  };
}

/** `{…}\n{…}\n` → `[{…},{…}]`, one line held at a time; blank lines are skipped. */
export function jsonLinesToArray(): TransformStream<string, string> {
  let carry = "";
  let first = true;
  const emit = (line: string, controller: TransformStreamDefaultController<string>) => {
    const trimmed = line.trim();
    if (!trimmed) return;
    controller.enqueue(first ? trimmed : `,${trimmed}`);
    first = false;
  };
  return new TransformStream<string, string>({
    start: (controller) => controller.enqueue("["),
    transform(chunk, controller) {
      const parts = (carry + chunk).split("\n");
      carry = parts.pop() ?? "";
      for (const part of parts) emit(part, controller);
    },
    flush(controller) {
      emit(carry, controller);
      controller.enqueue("]");
    },
  });
}

/** Any text → one JSON string literal. */
export function textToString(): TransformStream<string, string> {
  return new TransformStream<string, string>({
    start: (controller) => controller.enqueue('"'),
    transform: (chunk, controller) => controller.enqueue(JSON.stringify(chunk).slice(1, -1)),
    flush: (controller) => controller.enqueue('"'),
  });
}
