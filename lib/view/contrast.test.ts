import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { contrastRatio, over, parseHex, parseOklch, type Rgb } from "./contrast";

// The status colours as app/globals.css defines them, light theme (@theme) and dark theme
// (the prefers-color-scheme: dark block), held to WCAG AA for text: 4.5:1.
const css = readFileSync(path.resolve(import.meta.dirname, "../../app/globals.css"), "utf8");
const darkBlock = /@media \(prefers-color-scheme: dark\)\s*\{([\s\S]*?)\n\}/.exec(css)?.[1] ?? "";
const lightBlock = /@theme\s*\{([\s\S]*?)\n\}/.exec(css)?.[1] ?? "";

function colours(block: string): Record<string, Rgb> {
  return Object.fromEntries(
    [...block.matchAll(/--color-([a-z-]+):\s*(oklch\([^)]*\))/g)].map((m) => [m[1]!, parseOklch(m[2]!)]),
  );
}

const THEMES = [
  { name: "light", page: parseHex("#ffffff"), colours: colours(lightBlock) },
  // body: dark:bg-slate-950
  { name: "dark", page: parseHex("#020617"), colours: colours(darkBlock) },
];
const STATUSES = ["ok", "warning", "critical", "unknown"];
const AA_TEXT = 4.5;

describe("contrastRatio", () => {
  it("gives the WCAG extremes and a known pair", () => {
    expect(contrastRatio(parseHex("#000000"), parseHex("#ffffff"))).toBeCloseTo(21, 5);
    expect(contrastRatio(parseHex("#777777"), parseHex("#777777"))).toBe(1);
    // slate-500 on white, as WebAIM's checker reports it.
    expect(contrastRatio(parseHex("#64748b"), parseHex("#ffffff"))).toBeCloseTo(4.76, 2);
  });

  it("reads oklch() as sRGB", () => {
    const white = parseOklch("oklch(1 0 0)");
    expect(white.r).toBeCloseTo(1, 3);
    expect(white.g).toBeCloseTo(1, 3);
    expect(white.b).toBeCloseTo(1, 3);
    // Tailwind's slate-600, oklch(44.6% 0.043 257.281), is #45556c.
    const slate600 = parseOklch("oklch(44.6% 0.043 257.281)");
    expect(Math.round(slate600.r * 255)).toBe(0x45);
    expect(Math.round(slate600.b * 255)).toBe(0x6c);
  });
});

describe.each(THEMES)("status colours, $name theme", ({ page, colours }) => {
  it("defines every status and muted text", () => {
    for (const name of [...STATUSES.map((s) => `status-${s}`), "muted"]) expect(colours[name]).toBeDefined();
  });

  it.each(STATUSES)("%s text reaches 4.5:1 on the page, its tint and a badge inside the tint", (status) => {
    const colour = colours[`status-${status}`]!;
    const tint = over(colour, 0.1, page); // verdict box, alerts: bg-status-*/10
    const badge = over(colour, 0.15, tint); // StatusBadge (bg-status-*/15) inside that box
    expect(contrastRatio(colour, page)).toBeGreaterThanOrEqual(AA_TEXT);
    expect(contrastRatio(colour, tint)).toBeGreaterThanOrEqual(AA_TEXT);
    expect(contrastRatio(colour, badge)).toBeGreaterThanOrEqual(AA_TEXT);
  });

  it.each(STATUSES)("muted text reaches 4.5:1 inside a %s box", (status) => {
    const tint = over(colours[`status-${status}`]!, 0.1, page);
    expect(contrastRatio(colours.muted!, page)).toBeGreaterThanOrEqual(AA_TEXT);
    expect(contrastRatio(colours.muted!, tint)).toBeGreaterThanOrEqual(AA_TEXT);
  });
});
