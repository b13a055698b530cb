import { describe, expect, it } from "vitest";
import { makeBinding as binding, makeQueue, Q } from "./testing";
import { deadLetterRoutes } from "./topology";

const workflowQueues = new Set([`//${Q.notification}`, `//${Q.inventory}`, `//${Q.retry}`]);

describe("deadLetterRoutes", () => {
  it("follows the dead-letter exchange and routing key through bindings to the DLQ", () => {
    const queues = [
      makeQueue(Q.inventory, {
        deadLetter: { exchange: "orders.dlx", routingKey: `${Q.inventory}.dlq`, from: "arguments" },
      }),
    ];
    const bindings = [
      binding("orders.dlx", `${Q.inventory}.dlq`, `${Q.inventory}.dlq`),
      binding("orders.dlx", `${Q.notification}.dlq`, `${Q.notification}.dlq`),
    ];
    expect(deadLetterRoutes(queues, bindings, workflowQueues)).toEqual([
      {
        vhost: "/",
        sourceQueue: `//${Q.inventory}`,
        exchange: "orders.dlx",
        routingKey: `${Q.inventory}.dlq`,
        dlqNames: [`${Q.inventory}.dlq`],
      },
    ]);
  });

  it("treats a TTL queue dead-lettering back into the workflow as a retry loop, not a DLQ", () => {
    const queues = [
      makeQueue(Q.retry, { deadLetter: { exchange: "", routingKey: Q.notification, from: "arguments" } }),
    ];
    expect(deadLetterRoutes(queues, [], workflowQueues)).toEqual([]);
  });

  it("reports a dead-letter exchange with nothing bound (messages lost)", () => {
    const queues = [makeQueue(Q.inventory, { deadLetter: { exchange: "nowhere", from: "policy" } })];
    expect(deadLetterRoutes(queues, [], workflowQueues)).toEqual([
      { vhost: "/", sourceQueue: `//${Q.inventory}`, exchange: "nowhere", dlqNames: [] },
    ]);
  });

  it("matches topic bindings", () => {
    const queues = [
      makeQueue(Q.inventory, { deadLetter: { exchange: "dlx", routingKey: "failed.inventory", from: "arguments" } }),
    ];
    expect(
      deadLetterRoutes(
        queues,
        [binding("dlx", "all-failures", "failed.#"), binding("dlx", "other", "ok.*")],
        workflowQueues,
      )[0]!.dlqNames,
    ).toEqual(["all-failures"]);
  });
});
