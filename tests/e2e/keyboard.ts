import type { Page } from "@playwright/test";

export interface TabStop {
  tag: string;
  /** aria-label, else the label it sits in, else its text. */
  name: string;
  /** The failing or unknown check row it is in (data-check), if any. */
  check: string | null;
  /** Inside the traces' pattern groups or trace rows. */
  inTraces: boolean;
}

/**
 * Presses Tab from the top of the page, up to `max` times or until focus comes round again,
 * and says where each press put the focus: which controls the keyboard reaches, in order.
 */
export async function tabStops(page: Page, max = 200): Promise<TabStop[]> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const stops: TabStop[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const stop = await page.evaluate((): TabStop | null => {
      // An SVG element (a chart) has no innerText: its textContent stands in.
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const label = el.closest("label")?.querySelector("span")?.textContent ?? "";
      return {
        tag: el.tagName.toLowerCase(),
        name: (el.getAttribute("aria-label") ?? (label || el.innerText || el.textContent || "")).trim().slice(0, 80),
        check: el.closest("[data-check]")?.getAttribute("data-check") ?? null,
        inTraces: Boolean(el.closest("[data-trace-group],[data-trace]")),
      };
    });
    if (!stop) continue;
    if (stops.length > 2 && stop.tag === stops[0]!.tag && stop.name === stops[0]!.name) break;
    stops.push(stop);
  }
  return stops;
}
