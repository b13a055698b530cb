import { describe, expect, it } from "vitest";
import {
  decodeIncidentCursor,
  encodeIncidentCursor,
  incidentListHref,
  InvalidParameterError,
  parseIncidentListQuery,
} from "./list-query";

const parse = (query: string) => parseIncidentListQuery(new URLSearchParams(query));
const refusal = (query: string) => {
  try {
    parse(query);
  } catch (error) {
    if (error instanceof InvalidParameterError) return { parameter: error.parameter, message: error.message };
    throw error;
  }
  throw new Error(`${query} was accepted`);
};

const ID = "6f1c2a4e-0000-4000-8000-000000000001";

describe("parseIncidentListQuery", () => {
  it("reads every filter, the page size and the cursor", () => {
    const cursor = encodeIncidentCursor({ startedAtMs: Date.parse("2026-11-23T14:03:00Z"), id: ID });
    expect(
      parse(
        `status=open&workflow=checkout&startedFrom=2026-11-23&startedTo=2026-11-24T12:00:00%2B01:00&limit=10&cursor=${cursor}`,
      ),
    ).toEqual({
      status: "open",
      workflow: "checkout",
      startedFrom: new Date("2026-11-23T00:00:00Z"),
      startedTo: new Date("2026-11-24T11:00:00Z"),
      limit: 10,
      cursor: { startedAtMs: Date.parse("2026-11-23T14:03:00Z"), id: ID },
    });
  });

  it("defaults to 50 per page, no filters; empty fields (a submitted form) count as absent", () => {
    expect(parse("")).toEqual({ limit: 50 });
    expect(parse("status=&workflow=&startedFrom=&startedTo=")).toEqual({ limit: 50 });
  });

  it.each([
    ["status=closed", "status"],
    ["workflow=Checkout!", "workflow"],
    ["startedFrom=2026-11-23T14:03", "startedFrom"], // no zone
    ["startedTo=yesterday", "startedTo"],
    ["startedFrom=2026-11-24&startedTo=2026-11-23", "startedTo"],
    ["limit=0", "limit"],
    ["limit=201", "limit"],
    ["limit=ten", "limit"],
    ["cursor=abc", "cursor"],
    ["cursor=" + btoa(`v2:1:${ID}`), "cursor"],
    ["cursor=" + btoa(`v1:9999999999999999:${ID}`).replace(/=+$/, ""), "cursor"], // past the last valid Date
    ["status=open&status=resolved", "status"],
  ])("refuses %s, naming %s", (query, parameter) => {
    expect(refusal(query).parameter).toBe(parameter);
  });

  it("says what it expected", () => {
    expect(refusal("limit=500").message).toBe("limit: expected a whole number from 1 to 200");
  });
});

describe("the cursor", () => {
  it("round-trips and is opaque (URL-safe, no visible id)", () => {
    const cursor = { startedAtMs: Date.parse("2030-01-01T00:00:00Z"), id: ID };
    const text = encodeIncidentCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(text).not.toContain(ID);
    expect(decodeIncidentCursor(text)).toEqual(cursor);
  });
});

describe("incidentListHref", () => {
  it("keeps the filters and a page size other than the default, with the cursor", () => {
    const query = parse("status=open&workflow=checkout&limit=20");
    expect(incidentListHref(query, "abc")).toBe("/incidents?status=open&workflow=checkout&limit=20&cursor=abc");
    expect(incidentListHref(parse(""))).toBe("/incidents");
  });
});
