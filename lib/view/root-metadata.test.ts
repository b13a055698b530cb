import { describe, expect, it } from "vitest";
import { linkBase } from "@/lib/api/link-base";
import { LINK_PREVIEW_META, rootMetadata } from "./root-metadata";

describe("rootMetadata", () => {
  it("sets metadataBase from a trusted base, so previews get absolute image URLs", () => {
    const metadata = rootMetadata(
      linkBase({ publicUrl: undefined, allowedOrigins: ["https://asyncscope.corp"], host: "asyncscope.corp" }),
    );
    expect(String(metadata.metadataBase)).toBe("https://asyncscope.corp/");
    expect(metadata.other).toBeUndefined();
  });

  it("takes no base from a Host nobody configured, and says why in a meta tag", () => {
    const metadata = rootMetadata(linkBase({ publicUrl: undefined, allowedOrigins: undefined, host: "evil.example" }));
    expect(metadata.metadataBase).toBeUndefined();
    expect(metadata.other?.[LINK_PREVIEW_META]).toMatch(
      /^no absolute image URL: ASYNCSCOPE_PUBLIC_URL is unset and the Host "evil\.example" is not one of ASYNCSCOPE_ALLOWED_ORIGINS.*set ASYNCSCOPE_PUBLIC_URL/,
    );
  });
});
