// The data API's answer body for each view model, encoded once. Every poll of one slot gets the
// same view (viewOf in lib/view/workflow-view.ts), and turning its ~100 KB into JSON bytes again
// for each of them was about a third of a poll's CPU (docs/scale.md). Weakly held, so a body goes
// with its view; a view built for one request (a pinned trace) is encoded once and dropped.

const bodies = new WeakMap<object, Uint8Array<ArrayBuffer>>();
const encoder = new TextEncoder();

/** `value` as UTF-8 JSON bytes, the same bytes for the same object. Do not mutate either. */
export function jsonBodyOf(value: object): Uint8Array<ArrayBuffer> {
  let body = bodies.get(value);
  if (body === undefined) {
    body = encoder.encode(JSON.stringify(value));
    bodies.set(value, body);
  }
  return body;
}
