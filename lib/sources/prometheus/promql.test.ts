import { describe, expect, it } from "vitest";
import { duration, eq, escapeRegex, oneOf, promString, selector, rateRangeSeconds } from "./promql";

// Hostile names that must neither break nor change a query.
const HOSTILE = [
  'a"b\\c',
  ".*",
  "a|b",
  "orders.v1",
  'x"} or vector(1) #',
  "line\nbreak",
  "tab\there",
  "(a)[b]{c}^$+?",
  "名前/ü",
  "\u0001ctl",
];

/** PromQL double-quoted strings follow Go escaping, which JSON is a subset of for what we emit. */
function unquote(literal: string): string {
  return JSON.parse(literal) as string;
}

describe("promString", () => {
  it("escapes backslash and quote exactly", () => {
    expect(promString('a"b\\c')).toBe('"a\\"b\\\\c"');
  });

  it.each(HOSTILE)("round-trips %j and stays one literal", (name) => {
    const literal = promString(name);
    expect(unquote(literal)).toBe(name);
    // No unescaped quote inside: the literal cannot end early.
    expect(literal.slice(1, -1)).not.toMatch(/(^|[^\\])(\\\\)*"/);
    expect(literal).not.toMatch(/\n/);
  });
});

describe("escapeRegex", () => {
  it.each(HOSTILE)("makes %j match only itself", (name) => {
    const re = new RegExp(`^(?:${escapeRegex(name)})$`, "u");
    expect(re.test(name)).toBe(true);
    expect(re.test(`${name}x`)).toBe(false);
    expect(re.test("anything else")).toBe(false);
  });
});

describe("selector", () => {
  it("builds exact matchers with escaped values", () => {
    expect(selector("rabbitmq_queue_messages_ready", { vhost: eq("/"), queue: eq('a"b\\c') })).toBe(
      'rabbitmq_queue_messages_ready{vhost="/",queue="a\\"b\\\\c"}',
    );
  });

  it("escapes each alternative of a regex matcher", () => {
    expect(selector("up", { job: oneOf("a.b", "c|d") })).toBe('up{job=~"a\\\\.b|c\\\\|d"}');
  });

  it("refuses label and metric names that would need quoting", () => {
    expect(() => selector("up", { 'bad"label': eq("x") })).toThrow(/label name/);
    expect(() => selector("up or vector(1)")).toThrow(/metric name/);
  });

  it("skips undefined matchers", () => {
    expect(selector("up", { job: undefined, instance: eq("a") })).toBe('up{instance="a"}');
  });
});

describe("duration", () => {
  it("renders whole units", () => {
    expect(duration(300)).toBe("5m");
    expect(duration(7200)).toBe("2h");
    expect(duration(90)).toBe("90s");
    expect(() => duration(0)).toThrow();
    expect(() => duration(1.5)).toThrow();
  });
});

describe("rateRangeSeconds", () => {
  it("is at most two steps when scrapes are at most half a step apart (a change shows within a step)", () => {
    // The lab: 2 s scrapes, 10 s steps → 12 s, not the 120 s that kept acks up for two minutes.
    expect(rateRangeSeconds(10, 2)).toBe(12);
    expect(rateRangeSeconds(5, 2)).toBe(8);
    expect(rateRangeSeconds(60, 15)).toBe(75);
  });

  it("keeps four scrape intervals with slower scrapes, so one missed scrape leaves two samples", () => {
    expect(rateRangeSeconds(10, 15)).toBe(60);
    expect(rateRangeSeconds(5, 2.5)).toBe(10);
  });
});
