import { describe, expect, it } from "vitest";
import { authorOf, IdentityRequiredError, InvalidAuthorError } from "./identity";

const HEADER = "X-Forwarded-User";

describe("authorOf", () => {
  it("takes the signed-in user from the trusted header, ignoring what the form says", () => {
    expect(authorOf(new Headers({ [HEADER]: " alice " }), HEADER, "mallory")).toBe("alice");
  });

  it("refuses a write without the header when one is configured", () => {
    expect(() => authorOf(new Headers(), HEADER)).toThrow(IdentityRequiredError);
  });

  it("refuses the header sent twice: Headers joins repeats with a comma", () => {
    const headers = new Headers();
    headers.append(HEADER, "mallory");
    headers.append(HEADER, "alice");
    expect(() => authorOf(headers, HEADER)).toThrow(InvalidAuthorError);
    expect(() => authorOf(headers, HEADER)).toThrow("came more than once");
  });

  it("reserves the system's own name, typed or from the header", () => {
    expect(() => authorOf(new Headers(), undefined, "asyncscope")).toThrow(InvalidAuthorError);
    expect(() => authorOf(new Headers({ [HEADER]: "Asyncscope" }), HEADER)).toThrow(
      '"Asyncscope" is the author of the entries Asyncscope derives itself',
    );
  });

  it("without a header configured, uses the typed name, or none", () => {
    expect(authorOf(new Headers(), undefined, "  bob ")).toBe("bob");
    expect(authorOf(new Headers(), undefined, "  ")).toBeUndefined();
  });
});

describe("authorOf and Alertmanager", () => {
  it("reserves Alertmanager's name too: alert events and the incidents they open cannot be signed by a person", () => {
    expect(() => authorOf(new Headers(), undefined, " alertmanager ")).toThrow(
      '"Alertmanager" is the author of the alerts Alertmanager sends',
    );
    expect(() => authorOf(new Headers({ [HEADER]: "Alertmanager" }), HEADER)).toThrow(InvalidAuthorError);
  });
});
