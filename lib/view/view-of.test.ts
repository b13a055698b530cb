// Every viewer of one shared evaluation gets the view model built once (lib/view/workflow-view.ts
// viewOf): the polls of a slot and the first renders reusing it cost no second judgement of the
// traces. The page and the API route hold configs equal in content from two copies of the config
// module, so a config read again shares the view; an edited one, a pinned trace, or another
// evaluation builds anew. Signals captured on the real lab (tests/fixtures/analysis).
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
  it("answers the same view for the same evaluation, also to a config read again (another copy)", () => {
    const evaluation = evaluationOf("consumer-crashloop");
    const first = viewOf(evaluation, workflow, config, {});
    expect(first.health.status).toBe("critical");
    expect(viewOf(evaluation, workflow, config, {})).toBe(first);
    const reread = loadConfigFile(examplePath, {});
    expect(reread).not.toBe(config);
    expect(viewOf(evaluation, reread.workflows[0]!, reread, {})).toBe(first);
    // Alternating, as a page render and a poll do: still the one view.
    expect(viewOf(evaluation, workflow, config, {})).toBe(first);
  });

  it("builds anew for another evaluation, a pinned trace, or an edited config", () => {
    const evaluation = evaluationOf("healthy");
    const first = viewOf(evaluation, workflow, config, {});
    const other = viewOf(evaluationOf("healthy"), workflow, config, {});
    expect(other).not.toBe(first);
    expect(other).toEqual(first);

    const trace = "0af7651916cd43dd8448eb211c80319c";
    const pinned = viewOf(evaluation, workflow, config, { trace });
    expect(pinned).not.toBe(first);
    expect(viewOf(evaluation, workflow, config, { trace })).not.toBe(pinned);
    // The pinned view did not replace the kept one.
    expect(viewOf(evaluation, workflow, config, {})).toBe(first);

    const edited = loadConfigFile(examplePath, {});
    const editedWorkflow = edited.workflows[0]!;
    editedWorkflow.thresholds.oldestMessageAge = workflow.thresholds.oldestMessageAge + 60;
    const rebuilt = viewOf(evaluation, editedWorkflow, edited, {});
    expect(rebuilt).not.toBe(first);
    expect(rebuilt.thresholds.oldestMessageAgeSeconds).toBe(workflow.thresholds.oldestMessageAge + 60);
    expect(viewOf(evaluation, editedWorkflow, edited, {})).toBe(rebuilt);
  });
});
