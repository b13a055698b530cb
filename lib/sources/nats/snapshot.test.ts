// The mapping of a /jsz answer recorded from the lab's nats-server (tests/fixtures/nats/SOURCES.md).
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { natsDestinationSchema } from "./config";
import { toJszReading } from "./map";
import { jszWireSchema } from "./schemas";
import { toBrokerSnapshot } from "./snapshot";
import { fixturePath, recordedJsz } from "./testing";

const wire = recordedJsz();
const serverNow = Date.parse("2026-12-01T14:19:29.45Z"); // just after the recording's last activity
const declared = [natsDestinationSchema.parse({ stream: "ORDERS", consumer: "notification" })];
const snapshot = (atMs = serverNow, options = {}) =>
  toBrokerSnapshot(declared, toJszReading(wire, atMs), { activeWithinMs: 30_000, ...options });

describe("JetStream /jsz → neutral snapshot", () => {
  it("reads the declared consumer's backlog, in-flight and liveness", () => {
    const [d] = snapshot().destinations;
    expect(d!.exists).toBe(true);
    expect(d!.waiting?.value).toBe(4);
    expect(d!.inFlight?.value).toBe(1);
    // A pull consumer with no request waiting, but it delivered and was acked moments ago.
    expect(d!.consumerCount?.value).toBe(1);
    expect(snapshot(serverNow + 60_000).destinations[0]!.consumerCount?.value).toBe(0);
  });

  it("gives the shared interest stream's first_ts as an estimate: any of its consumers may hold it back", () => {
    const stream = wire.account_details![0]!.stream_detail!.find((s) => s.name === "ORDERS")!;
    const oldest = snapshot().destinations[0]!.oldestWaiting!.value;
    expect(oldest.publishedAtMs).toBe(stream.state.first_ts);
    expect(oldest.estimated).toBe(true);
    expect(oldest.method).toMatch(/oldest unacknowledged message across its 5 consumers/);
  });

  it("takes the interest stream's first_ts as measured when the declared consumer is its only one", () => {
    const raw = JSON.parse(fs.readFileSync(fixturePath("jsz-consumers-config.json"), "utf8"));
    const orders = raw.account_details[0].stream_detail[0];
    orders.consumer_detail = orders.consumer_detail.filter((c: { name: string }) => c.name === "notification");
    const parsed = jszWireSchema.parse(raw);
    const alone = toBrokerSnapshot(declared, toJszReading(parsed, serverNow), {
      activeWithinMs: 30_000,
    }).destinations[0]!;
    expect(alone.oldestWaiting!.value.publishedAtMs).toBe(
      parsed.account_details![0]!.stream_detail![0]!.state.first_ts,
    );
    expect(alone.oldestWaiting!.value.estimated).toBe(false);
  });

  it("does not pass a limits stream's first_ts off as the consumer's oldest waiting message", () => {
    const raw = JSON.parse(fs.readFileSync(fixturePath("jsz-consumers-config.json"), "utf8"));
    raw.account_details[0].stream_detail[0].config.retention = "limits";
    const limits = toBrokerSnapshot(declared, toJszReading(jszWireSchema.parse(raw), serverNow), {
      activeWithinMs: 30_000,
    }).destinations[0]!;
    expect(limits.oldestWaiting).toBeUndefined();
    expect(limits.warnings.join(" ")).toMatch(/retention limits/);
  });

  it("lists the consumers whose filters overlap the workflow's, and only those", () => {
    const consumers = snapshot().destinations[0]!.consumers!.value;
    expect(consumers.map((c) => c.id).sort()).toEqual(["audit", "mailer-push", "notification"]);
    const push = consumers.find((c) => c.id === "mailer-push")!;
    expect(push.attributes).toMatchObject({ kind: "push", filterSubject: "orders.confirmed" });
    expect(push.active).toBe(true); // push_bound
    expect(consumers.find((c) => c.id === "audit")!.active).toBe(false); // never pulled
  });

  it("declares the workflow's own consumer by name, and names a missing one as missing", () => {
    expect(declared[0]!.consumers).toEqual([{ consumer: "notification" }]);
    const missing = natsDestinationSchema.parse({ stream: "ORDERS", consumer: "billing" });
    const s = toBrokerSnapshot([missing], toJszReading(wire, serverNow), { activeWithinMs: 30_000 });
    expect(s.destinations[0]).toMatchObject({ exists: false });
  });

  it("routes dead letters to the advisory stream and names the stream sequences", () => {
    const advisory = JSON.parse(fs.readFileSync(fixturePath("advisory-max-deliveries.json"), "utf8"));
    const poison = natsDestinationSchema.parse({ stream: "ORDERS", consumer: "poison" });
    const s = toBrokerSnapshot([poison], toJszReading(wire, serverNow), {
      activeWithinMs: 30_000,
      deadLetters: {
        advisoryStream: "ASYNCSCOPE_DEAD_LETTERS",
        byConsumer: new Map([["ORDERS/poison", { count: 1, streamSeqs: [advisory.stream_seq] }]]),
        atMs: serverNow,
      },
    });
    expect(s.noDeadLetterRoute).toEqual([]);
    expect(s.deadLetterRoutes[0]!.sourceKey).toBe("ORDERS/poison");
    expect(s.deadLetterStates[0]!.waiting?.value).toBe(1);
    expect(s.deadLetterStates[0]!.warnings.join(" ")).toContain("7");
    // Without an advisory stream, failed messages go nowhere anyone looks.
    expect(snapshot().noDeadLetterRoute).toEqual(["ORDERS/notification"]);
  });
});

describe("liveness", () => {
  it("is 1 or 0: pull requests waiting are a sign of life, not a head count", async () => {
    const { liveness } = await import("./snapshot");
    const { toConsumer } = await import("./map");
    const stream = recordedJsz().account_details![0]!.stream_detail!.find((s) => s.name === "ORDERS")!;
    const notification = toConsumer(stream.consumer_detail!.find((c) => c.name === "notification")!);
    expect(liveness({ ...notification, numWaiting: 6 }, serverNow + 3_600_000, 30_000)).toBe(1);
    expect(liveness({ ...notification, numWaiting: 0 }, serverNow + 3_600_000, 30_000)).toBe(0);
    const push = toConsumer(stream.consumer_detail!.find((c) => c.name === "mailer-push")!);
    expect(liveness({ ...push, pushBound: false }, serverNow, 30_000)).toBe(0);
  });
});
