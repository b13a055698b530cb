import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fixture } from "@/tests/unit/sources/support/fixtures";
import { resolveDeadLetter, toBinding, toQueueSnapshot } from "./map";
import { bindingWireSchema, overviewWireSchema, queueWireSchema } from "./schemas";

const R = (name: string) => fixture(`upstream/rabbitmq/${name}`);
const queues = (name: string) =>
  z
    .array(queueWireSchema)
    .parse(R(name))
    .map((q) => toQueueSnapshot(q, 1_000));

describe("RabbitMQ contract (upstream samples)", () => {
  it("a queue without message_stats has ABSENT rates, not zero", () => {
    const [idle, busy] = queues("otelcontrib__rabbitmqreceiver_get_queues_response.json");
    expect(idle!.name).toBe("test2");
    expect(idle!.rates).toBeUndefined();
    expect(idle!.counts).toBeUndefined();
    expect(idle!.total).toEqual({ value: 0, from: "management_api" }); // a real zero stays zero
    expect(busy!.rates?.value.publishHz).toBeTypeOf("number");
    expect(busy!.rates?.from).toBe("management_api");
    expect(busy!.consumerUtilisation?.value).toBeCloseTo(0.5256, 3);
    expect(busy!.headMessageTimestampS).toBeUndefined(); // null on the wire
  });

  it("odd queue types: quorum, stream, missing, empty and unknown", () => {
    const set1 = queues("telegraf__set1_queues.json");
    expect(set1.map((q) => [q.type, q.rawType])).toEqual([
      ["quorum", undefined],
      ["stream", undefined],
      ["classic", undefined],
      ["unknown", "invalid_type"],
    ]);
    // effective_policy_definition is [] (an empty Erlang proplist) here.
    expect(set1[0]!.deadLetter).toBeUndefined();
    expect(set1[0]!.headMessageTimestampS).toEqual({ value: 1446362534, from: "management_api" });
    const set2 = queues("telegraf__set2_queues.json");
    expect(set2.map((q) => q.type)).toEqual(["classic", "classic", "classic", "classic", "unknown"]);
    expect(set2[0]!.counts?.value.ack).toBeTypeOf("number");
  });

  it("overviews from 3.8.14 and a trimmed one (what the health probe reads)", () => {
    const full = overviewWireSchema.parse(R("telegraf__set2_overview_rmq3.8.14.json"));
    expect(full).toMatchObject({ rabbitmq_version: "3.8.14", cluster_name: "rabbit@rmqserver" });
    const trimmed = overviewWireSchema.parse(R("telegraf__set1_overview.json"));
    expect(trimmed.product_version ?? trimmed.rabbitmq_version).toBeUndefined();
  });

  it("bindings", () => {
    const bindings = z
      .array(bindingWireSchema)
      .parse(R("otelcontrib__rabbitmqreceiver_get_bindings_response.json"))
      .map(toBinding);
    expect(bindings[1]).toEqual({
      vhost: "/",
      source: "test.direct",
      destination: "test.queue",
      destinationType: "queue",
      routingKey: "test.queue",
      arguments: {},
    });
  });
});

describe("resolveDeadLetter", () => {
  it("reads queue arguments", () => {
    expect(
      resolveDeadLetter({ "x-dead-letter-exchange": "orders.dlx", "x-dead-letter-routing-key": "q.dlq" }, {}),
    ).toEqual({
      exchange: "orders.dlx",
      routingKey: "q.dlq",
      from: "arguments",
      routingKeyFrom: "arguments",
    });
  });

  it("reads a policy when the queue has no arguments", () => {
    expect(resolveDeadLetter({}, { "dead-letter-exchange": "dlx" }, "dlx-all")).toEqual({
      exchange: "dlx",
      from: "policy",
      policy: "dlx-all",
    });
  });

  it("arguments win over the policy, key by key", () => {
    expect(
      resolveDeadLetter(
        { "x-dead-letter-exchange": "from-args" },
        { "dead-letter-exchange": "from-policy", "dead-letter-routing-key": "rk" },
        "p",
      ),
    ).toEqual({
      exchange: "from-args",
      from: "arguments",
      routingKey: "rk",
      routingKeyFrom: "policy",
      policy: "p",
    });
  });

  it('the default exchange ("") is a real dead-letter target', () => {
    expect(
      resolveDeadLetter({ "x-dead-letter-exchange": "", "x-dead-letter-routing-key": "orders" }, {})?.exchange,
    ).toBe("");
  });

  it("no DLX anywhere is undefined", () => {
    expect(resolveDeadLetter({ "x-message-ttl": 5000 }, {})).toBeUndefined();
  });
});
