// WCAG 2.1 contrast for the colours the stylesheet defines in OKLCH, so a test can hold the
// status colours to AA (4.5:1 for text) in both themes without a browser.

/** An sRGB colour with channels 0..1, gamma-encoded as on screen. */
export interface Rgb {
  r: number;
  g: number;
  b: number;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const encode = (linear: number) => (linear <= 0.0031308 ? 12.92 * linear : 1.055 * Math.pow(linear, 1 / 2.4) - 0.055);
const decode = (encoded: number) => (encoded <= 0.04045 ? encoded / 12.92 : Math.pow((encoded + 0.055) / 1.055, 2.4));

/** "oklch(0.62 0.15 150)" → sRGB (out-of-gamut channels clipped, as browsers do). */
export function parseOklch(css: string): Rgb {
  const match = /^oklch\(\s*([\d.]+)(%?)\s+([\d.]+)\s+([\d.]+)\s*\)$/.exec(css.trim());
  if (!match) throw new Error(`not an oklch() colour: ${css}`);
  const lightness = Number(match[1]) / (match[2] ? 100 : 1);
  const chroma = Number(match[3]);
  const hue = (Number(match[4]) * Math.PI) / 180;
  const a = chroma * Math.cos(hue);
  const b = chroma * Math.sin(hue);
  // OKLab → linear sRGB (Björn Ottosson's published matrices).
  const l = (lightness + 0.3963377774 * a + 0.2158037573 * b) ** 3;
  const m = (lightness - 0.1055613458 * a - 0.0638541728 * b) ** 3;
  const s = (lightness - 0.0894841775 * a - 1.291485548 * b) ** 3;
  return {
    r: encode(clamp01(4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s)),
    g: encode(clamp01(-1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s)),
    b: encode(clamp01(-0.0041960863 * l - 0.7034186147 * m + 1.707614701 * s)),
  };
}

/** "#0f172a" → sRGB. */
export function parseHex(css: string): Rgb {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(css.trim());
  if (!match) throw new Error(`not a #rrggbb colour: ${css}`);
  return { r: parseInt(match[1]!, 16) / 255, g: parseInt(match[2]!, 16) / 255, b: parseInt(match[3]!, 16) / 255 };
}

/** `top` at `alpha` (0..1) painted over an opaque `bottom`, blended in sRGB as browsers paint. */
export function over(top: Rgb, alpha: number, bottom: Rgb): Rgb {
  const mix = (t: number, u: number) => t * alpha + u * (1 - alpha);
  return { r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b) };
}

export function relativeLuminance({ r, g, b }: Rgb): number {
  return 0.2126 * decode(r) + 0.7152 * decode(g) + 0.0722 * decode(b);
}

/** WCAG contrast ratio, 1..21. */
export function contrastRatio(one: Rgb, other: Rgb): number {
  const [light, dark] = [relativeLuminance(one), relativeLuminance(other)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}
