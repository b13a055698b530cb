// The data API encodes each view once (lib/view/json-body.ts): every poll of a slot answers the
// same bytes, and they are the view's JSON, non-ASCII text included.
import { describe, expect, it } from "vitest";
import { jsonBodyOf } from "./json-body";

describe("jsonBodyOf", () => {
  it("answers the object's JSON as UTF-8, the same bytes for the same object", () => {
    const view = { workflow: "checkout – Zürich", depth: [1, null, 3] };
    const body = jsonBodyOf(view);
    expect(JSON.parse(new TextDecoder().decode(body))).toEqual(view);
    expect(jsonBodyOf(view)).toBe(body);
  });

  it("encodes an equal but other object on its own", () => {
    const a = { depth: 1 };
    const b = { depth: 2 };
    expect(new TextDecoder().decode(jsonBodyOf(a))).toBe('{"depth":1}');
    expect(new TextDecoder().decode(jsonBodyOf(b))).toBe('{"depth":2}');
    expect(jsonBodyOf({ depth: 1 })).not.toBe(jsonBodyOf(a));
  });
});
