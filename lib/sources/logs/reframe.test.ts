import { describe, expect, it } from "vitest";
import { jsonLinesToArray, textToString } from "./reframe";

async function run(stream: TransformStream<string, string>, chunks: string[]): Promise<string> {
  const source = new ReadableStream<string>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
  let out = "";
  const reader = source.pipeThrough(stream).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return out;
    out += value;
  }
}

describe("reframe", () => {
  it("JSON lines split anywhere become one array; blank lines and the trailing newline are dropped", async () => {
    const text = '{"a":"1"}\n\n{"b":"x\\ny"}\n';
    for (let cut = 0; cut <= text.length; cut++) {
      const out = await run(jsonLinesToArray(), [text.slice(0, cut), text.slice(cut)]);
      expect(JSON.parse(out)).toEqual([{ a: "1" }, { b: "x\ny" }]);
    }
    expect(JSON.parse(await run(jsonLinesToArray(), []))).toEqual([]);
  });

  it("text becomes one JSON string, quotes and newlines escaped", async () => {
    expect(JSON.parse(await run(textToString(), ['OK "quoted"\n', "second\tline"]))).toBe('OK "quoted"\nsecond\tline');
  });
});
