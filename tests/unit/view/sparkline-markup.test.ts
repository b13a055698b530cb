import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Sparkline } from "@/components/charts/sparkline";

// Overview trends are scaled to their own data, so each prints its top value (issue 11: 0–2
// messages of noise looked as alarming as a 0 → 900 backlog).

const render = (values: Array<number | null>, yDomain?: [number, number]) =>
  renderToStaticMarkup(
    createElement(Sparkline, {
      title: "Ready messages",
      lines: [{ label: "ready", color: "#0284c7", points: values.map((v, i) => [i * 15_000, v] as const) }],
      ...(yDomain ? { yDomain } : {}),
    }),
  );

describe("Sparkline", () => {
  it("prints the top of its scale, and says it to screen readers", () => {
    const backlog = render([0, 120, 480, 900]);
    expect(backlog).toContain(">max 900</text>");
    expect(backlog).toContain('aria-label="Ready messages (max 900)"');
    expect(render([0, 2, 1, null, 0])).toContain(">max 2</text>");
    expect(render([0.125, 0.5, 1.2345])).toContain(">max 1.23</text>");
  });

  it("prints no max on a fixed scale, nor without data", () => {
    expect(render([0.2, 0.9], [0, 1])).not.toContain("max ");
    const empty = render([null, null]);
    expect(empty).not.toContain("max ");
    expect(empty).toContain("no data");
  });
});
