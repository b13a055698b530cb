import { describe, expect, it } from "vitest";
import { Registry } from "./metrics";

describe("Registry text exposition", () => {
  it("renders counters and histograms in Prometheus text format with escaped labels", () => {
    const r = new Registry();
    const c = r.counter("x_requests_total", "Requests.\nSecond line", ["source", "outcome"]);
    c.inc({ source: 'we"ird\\', outcome: "ok" });
    c.inc({ source: 'we"ird\\', outcome: "ok" }, 2);
    const h = r.histogram("x_duration_seconds", "Duration.", ["source"], [0.1, 1]);
    h.observe({ source: "a" }, 0.05);
    h.observe({ source: "a" }, 0.5);
    h.observe({ source: "a" }, 5);
    expect(r.render()).toBe(
      [
        "# HELP x_requests_total Requests.\\nSecond line",
        "# TYPE x_requests_total counter",
        'x_requests_total{source="we\\"ird\\\\",outcome="ok"} 3',
        "# HELP x_duration_seconds Duration.",
        "# TYPE x_duration_seconds histogram",
        'x_duration_seconds_bucket{source="a",le="0.1"} 1',
        'x_duration_seconds_bucket{source="a",le="1"} 2',
        'x_duration_seconds_bucket{source="a",le="+Inf"} 3',
        'x_duration_seconds_sum{source="a"} 5.55',
        'x_duration_seconds_count{source="a"} 3',
        "",
      ].join("\n"),
    );
  });

  it("renders gauges with escaped label values, and removes series by a subset of their labels", () => {
    const r = new Registry();
    const g = r.gauge("x_status", "Status.", ["workflow", "check"]);
    g.set({ workflow: 'a"b\\c\nd', check: "one" }, 2);
    g.set({ workflow: "plain", check: "one" }, 0);
    g.set({ workflow: "plain", check: "two" }, 1);
    g.set({ workflow: "plain", check: "two" }, 3);
    expect(g.get({ workflow: "plain", check: "two" })).toBe(3);
    expect(g.get({ workflow: "plain", check: "three" })).toBeUndefined();
    expect(r.render()).toBe(
      [
        "# HELP x_status Status.",
        "# TYPE x_status gauge",
        'x_status{workflow="a\\"b\\\\c\\nd",check="one"} 2',
        'x_status{workflow="plain",check="one"} 0',
        'x_status{workflow="plain",check="two"} 3',
        "",
      ].join("\n"),
    );
    g.remove({ workflow: "plain" });
    expect(g.series()).toEqual([{ workflow: 'a"b\\c\nd', check: "one" }]);
    expect(r.gauge("x_status", "Status.", ["workflow", "check"])).toBe(g);
  });

  it("removes a counter's series", () => {
    const r = new Registry();
    const c = r.counter("z_total", "z", ["workflow"]);
    c.inc({ workflow: "a" });
    c.inc({ workflow: "b" });
    c.remove({ workflow: "a" });
    expect(r.render()).toBe(["# HELP z_total z", "# TYPE z_total counter", 'z_total{workflow="b"} 1', ""].join("\n"));
  });

  it("refuses to decrease a counter and returns the same metric for the same name", () => {
    const r = new Registry();
    const c = r.counter("y_total", "y", ["a"]);
    expect(() => c.inc({ a: "1" }, -1)).toThrow(RangeError);
    expect(r.counter("y_total", "y", ["a"])).toBe(c);
  });
});
