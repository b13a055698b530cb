import type { Metadata } from "next";
import type { LinkBase } from "@/lib/api/link-base";

/** The meta tag that says why a page's link preview has no usable absolute image URL. */
export const LINK_PREVIEW_META = "asyncscope-link-preview";

/**
 * The root layout's metadata. Link previews need absolute image URLs: with a trusted base
 * (lib/api/link-base.ts) it becomes metadataBase. Without one Next.js still writes an absolute
 * og:image, from its own fallback http://localhost:{PORT} (it cannot write a relative one),
 * which no chat app can fetch; the page then says why in a meta tag, for whoever looks at
 * the source of a preview without an image, rather than letting the Host header pick the URL.
 */
export function rootMetadata(base: LinkBase): Metadata {
  return {
    ...(base.kind === "absolute"
      ? { metadataBase: new URL(base.baseUrl) }
      : { other: { [LINK_PREVIEW_META]: `no absolute image URL: ${base.reason}` } }),
    title: { default: "Asyncscope", template: "%s · Asyncscope" },
    description:
      "Is the async workflow working, and if not, where does it break? Broker, metrics and traces on one page.",
  };
}
