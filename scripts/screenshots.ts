// npm run screenshots — the README's and docs' pictures of each page, at desktop and phone
// widths, taken in Debian's Chromium from a running Asyncscope (by default the offline demo on
// :3000: start it with `npm run demo` first). Each picture is the first screen, what a person
// sees before scrolling. Usage:
//   npm run screenshots -- [--base http://localhost:3000] [--out docs/img] [--chromium /usr/bin/chromium]
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { chromium, type Page } from "@playwright/test";

const { values } = parseArgs({
  options: {
    base: { type: "string", default: "http://localhost:3000" },
    out: { type: "string", default: "docs/img" },
    chromium: { type: "string", default: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" },
  },
});
const base = values.base.replace(/\/$/, "");

/** The widths the pages are built for: a laptop, and the 390-px phone of issue 11. */
const SCREENS = [
  { name: "desktop", width: 1280, height: 900, isMobile: false },
  { name: "phone", width: 390, height: 844, isMobile: true },
] as const;

interface Shot {
  name: string;
  /** The path to open, or how to find it from a page that links to it. */
  path: string | ((page: Page) => Promise<string>);
}

/** The first link on `from` whose path starts with `prefix` (the demo's seeded incident). */
const firstLink = (from: string, prefix: string) => async (page: Page) => {
  await page.goto(`${base}${from}`, { waitUntil: "networkidle" });
  const href = await page.locator(`a[href^="${prefix}"]`).first().getAttribute("href", { timeout: 10_000 });
  if (!href) throw new Error(`no link to ${prefix}… on ${from}`);
  return href;
};

const SHOTS: Shot[] = [
  { name: "overview", path: "/" },
  { name: "workflow-crashloop", path: "/workflows/checkout-crashloop" },
  { name: "workflow-stolen-messages", path: "/workflows/checkout-stolen-messages" },
  { name: "workflow-dlq-growth", path: "/workflows/checkout-dlq-growth" },
  { name: "incidents", path: "/incidents" },
  { name: "incident", path: firstLink("/incidents", "/incidents/") },
  { name: "sources", path: "/sources" },
];

async function main() {
  const health = await fetch(`${base}/healthz`).catch((error: unknown) => {
    throw new Error(`nothing answers at ${base} (${String(error)}): start the app first, e.g. \`npm run demo\``);
  });
  if (!health.ok) console.warn(`[screenshots] ${base}/healthz answered ${health.status}; taking the pictures anyway`);
  fs.mkdirSync(values.out, { recursive: true });
  const browser = await chromium.launch({ executablePath: values.chromium, args: ["--no-sandbox", "--disable-gpu"] });
  try {
    for (const screen of SCREENS) {
      const context = await browser.newContext({
        viewport: { width: screen.width, height: screen.height },
        isMobile: screen.isMobile,
        deviceScaleFactor: 1,
        colorScheme: "light",
      });
      const page = await context.newPage();
      for (const shot of SHOTS) {
        const target = typeof shot.path === "string" ? shot.path : await shot.path(page);
        const response = await page.goto(`${base}${target}`, { waitUntil: "networkidle" });
        if (!response?.ok()) throw new Error(`${target} answered ${response?.status() ?? "nothing"}`);
        const file = path.join(values.out, `${shot.name}-${screen.name}.png`);
        await page.screenshot({ path: file });
        console.log(`${file}  ${target}  ${screen.width}×${screen.height}  ${fs.statSync(file).size} bytes`);
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(`[screenshots] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
