// The services' log shipper (lab/services/log-shipper.ts) against a fake store, then the real
// VictoriaLogs: batches reach /insert/jsonline, a failed push is kept, retried and reported, the
// bound drops the oldest lines and says how many, and close() sends what is left.
import { describe, expect, it } from "vitest";
import { createLogShipper, insertUrl } from "../../lab/services/log-shipper";
import { urls, waitUntil } from "./helpers";

function fakeStore(failFirst: number) {
  const bodies: string[] = [];
  let calls = 0;
  const fetch = (async (_url: string, init: RequestInit) => {
    calls++;
    if (calls <= failFirst) throw new Error("connect ECONNREFUSED 127.0.0.1:9428");
    bodies.push(String(init.body));
    return new Response("", { status: 200 });
  }) as unknown as typeof globalThis.fetch;
  return { fetch, bodies, lines: () => bodies.flatMap((b) => b.split("\n").filter(Boolean)) };
}

describe("log shipper", () => {
  it("names the stream, message and time fields in the insert URL", () => {
    expect(insertUrl("http://127.0.0.1:9428")).toBe(
      "http://127.0.0.1:9428/insert/jsonline?_stream_fields=service&_msg_field=msg&_time_field=time",
    );
  });

  it("keeps a failed batch, reports it, drops the oldest beyond the bound and says so", async () => {
    const store = fakeStore(1);
    const reports: string[] = [];
    const shipper = createLogShipper({
      service: "test",
      url: "http://store",
      flushIntervalMs: 60_000,
      batchLines: 1000,
      maxBufferedLines: 3,
      fetch: store.fetch,
      report: (m) => reports.push(m),
    });
    shipper.push('{"msg":"a"}');
    shipper.push('{"msg":"b"}');
    await shipper.flush(); // fails: both lines stay
    expect(reports).toHaveLength(1);
    expect(reports[0]).toContain("ECONNREFUSED");
    shipper.push('{"msg":"c"}');
    shipper.push('{"msg":"d"}'); // 4 > 3: "a" goes
    await shipper.close();
    expect(store.lines()).toEqual(['{"msg":"b"}', '{"msg":"c"}', '{"msg":"d"}']);
    expect(reports.at(-1)).toMatch(/work again after 1 failure\(s\); 1 line\(s\) dropped/);
  });

  it("close() reports lines it could not deliver", async () => {
    const store = fakeStore(Infinity);
    const reports: string[] = [];
    const shipper = createLogShipper({
      service: "test",
      url: "http://store",
      fetch: store.fetch,
      report: (m) => reports.push(m),
    });
    shipper.push('{"msg":"last words"}');
    await shipper.close();
    expect(reports.at(-1)).toContain("exiting with 1 line(s) not delivered");
  });

  it("delivers to the lab's VictoriaLogs on its timer, searchable within seconds", async () => {
    const marker = `shipper-test-${Date.now()}`;
    const shipper = createLogShipper({ service: "lab-test", url: urls.victoriaLogs });
    shipper.push(JSON.stringify({ time: new Date().toISOString(), level: "info", service: "lab-test", msg: marker }));
    // The 500 ms timer, not close(), sends it; VictoriaLogs makes fresh lines searchable within ~1-2 s.
    const q = new URLSearchParams({ query: `_time:5m _stream:{service="lab-test"} "${marker}"` });
    const rows = await waitUntil(
      "the marker line in VictoriaLogs",
      async () => {
        const text = await (await fetch(`${urls.victoriaLogs}/select/logsql/query?${q}`)).text();
        const found = text.split("\n").filter(Boolean);
        return found.length > 0 ? found : undefined;
      },
      10_000,
      250,
    );
    await shipper.close();
    expect(rows.map((r) => (JSON.parse(r) as { _msg: string })._msg)).toEqual([marker]);
  });
});
