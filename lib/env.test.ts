import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

describe("ASYNCSCOPE_PUBLIC_URL", () => {
  it("accepts an http or https base URL, with or without a path", () => {
    expect(parseEnv({ ASYNCSCOPE_PUBLIC_URL: "https://asyncscope.example.com" }).ASYNCSCOPE_PUBLIC_URL).toBe("https://asyncscope.example.com");
    expect(parseEnv({ ASYNCSCOPE_PUBLIC_URL: "http://127.0.0.1:3000/asyncscope/" }).ASYNCSCOPE_PUBLIC_URL).toBe("http://127.0.0.1:3000/asyncscope/");
    expect(parseEnv({ ASYNCSCOPE_PUBLIC_URL: "" }).ASYNCSCOPE_PUBLIC_URL).toBeUndefined();
  });

  it.each(["javascript:alert(1)", "file:///etc/passwd", "ftp://asyncscope.example.com", "data:text/html,hi"])("refuses %j: links in exports must stay web links", (url) => {
    expect(() => parseEnv({ ASYNCSCOPE_PUBLIC_URL: url })).toThrow(
      new EnvError(["environment: ASYNCSCOPE_PUBLIC_URL: expected an http:// or https:// URL such as https://asyncscope.example.com"]),
    );
  });

  it("refuses a relative URL or one with a query", () => {
    expect(() => parseEnv({ ASYNCSCOPE_PUBLIC_URL: "asyncscope.example.com" })).toThrow("ASYNCSCOPE_PUBLIC_URL: expected an absolute URL such as https://asyncscope.example.com");
    expect(() => parseEnv({ ASYNCSCOPE_PUBLIC_URL: "https://asyncscope.example.com/?x=1" })).toThrow("ASYNCSCOPE_PUBLIC_URL: expected a base URL without ?query or #fragment");
  });
});
