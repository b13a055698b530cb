// Every viewer of one shared evaluation gets the view model built once (lib/view/workflow-view.ts
// viewOf): the polls of a slot and the first renders reusing it cost no second judgement of the
// traces. A pinned trace, another evaluation or a config read again builds anew. Signals captured
// on the real lab (tests/fixtures/analysis).
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfigFile } from "@/lib/config/loader";
import { analyse, type Evaluation } from "@/lib/evaluate";
import { labCapture } from "@/tests/fixtures/analysis/read";
import { viewOf } from "./workflow-view";

const examplePath = path.resolve(import.meta.dirname, "../../asyncscope.example.yaml");
const config = loadConfigFile(examplePath, {});
const workflow = config.workflows[0]!;

function evaluationOf(capture: string): Evaluation {
  const signals = labCapture(capture, workflow);
  return { workflow, signals, analysis: analyse(workflow, signals) };
}

describe("viewOf", () => {
  it("answers the same view for the same evaluation and config", () => {
    const evaluation = evaluationOf("consumer-crashloop");
    const first = viewOf(evaluation, workflow, config, {});
    expect(first.health.status).toBe("critical");
    expect(viewOf(evaluation, workflow, config, {})).toBe(first);
  });

  it("builds anew for another evaluation, a pinned trace, or a config read again", () => {
    const evaluation = evaluationOf("healthy");
    const first = viewOf(evaluation, workflow, config, {});
    const other = viewOf(evaluationOf("healthy"), workflow, config, {});
    expect(other).not.toBe(first);
    expect(other).toEqual(first);

    const pinned = viewOf(evaluation, workflow, config, { trace: "0af7651916cd43dd8448eb211c80319c" });
    expect(pinned).not.toBe(first);
    expect(viewOf(evaluation, workflow, config, { trace: "0af7651916cd43dd8448eb211c80319c" })).not.toBe(pinned);
    // The pinned view did not replace the kept one.
    expect(viewOf(evaluation, workflow, config, {})).toBe(first);

    const reread = loadConfigFile(examplePath, {});
    const rebuilt = viewOf(evaluation, reread.workflows[0]!, reread, {});
    expect(rebuilt).not.toBe(first);
    expect(rebuilt).toEqual(first);
    expect(viewOf(evaluation, reread.workflows[0]!, reread, {})).toBe(rebuilt);
  });
});
