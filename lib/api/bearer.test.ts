import { describe, expect, it } from "vitest";
import { bearerRefusal } from "./bearer";

const SECRET = "0123456789abcdef0123456789abcdef";
const check = (authorization: string | null) => bearerRefusal(authorization, SECRET, "ASYNCSCOPE_ALERTMANAGER_TOKEN");

describe("bearerRefusal", () => {
  it("accepts the configured token, whatever the case of the scheme", () => {
    expect(check(`Bearer ${SECRET}`)).toBeUndefined();
    expect(check(`bearer ${SECRET}`)).toBeUndefined();
  });

  it("refuses everything while no token is configured, the right token too", () => {
    for (const header of [null, "", `Bearer ${SECRET}`]) {
      expect(bearerRefusal(header, undefined, "ASYNCSCOPE_ALERTMANAGER_TOKEN")).toEqual({
        status: 401,
        error:
          "this endpoint is not configured: set ASYNCSCOPE_ALERTMANAGER_TOKEN on the server (it refuses every request until then)",
        headers: { "WWW-Authenticate": 'Bearer realm="asyncscope"' },
      });
    }
  });

  it("asks for a token when none is sent", () => {
    expect(check(null)).toMatchObject({ status: 401, error: expect.stringContaining("Authorization: Bearer <token>") });
    expect(check("  ")?.headers["WWW-Authenticate"]).toBe('Bearer realm="asyncscope"');
  });

  it("refuses another scheme, an empty token and two tokens as a malformed request", () => {
    for (const header of [`Basic ${SECRET}`, "Bearer", "Bearer ", `Bearer ${SECRET} ${SECRET}`, SECRET]) {
      expect(check(header)?.headers["WWW-Authenticate"], header).toBe(
        'Bearer realm="asyncscope", error="invalid_request"',
      );
    }
  });

  it("refuses a wrong token of any length, a prefix or an extension of the right one included", () => {
    for (const token of ["x", SECRET.slice(0, -1), `${SECRET}0`, SECRET.toUpperCase()]) {
      expect(check(`Bearer ${token}`), token).toEqual({
        status: 401,
        error: "the bearer token is not the one in ASYNCSCOPE_ALERTMANAGER_TOKEN",
        headers: { "WWW-Authenticate": 'Bearer realm="asyncscope", error="invalid_token"' },
      });
    }
  });
});
