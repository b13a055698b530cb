import { describe, expect, it } from "vitest";
import { deadLetterRateQuery, queueAckRateQuery, queueGaugeQuery, queuePublishRateQuery } from "./promql";

describe("rabbitmq_prometheus queries", () => {
  it("one queue: exact matchers on vhost and queue", () => {
    expect(queueGaugeQuery("ready", [{ vhost: "/", name: "orders" }])).toBe(
      'max by (vhost, queue) (rabbitmq_queue_messages_ready{vhost="/",queue="orders"})',
    );
  });

  it("hostile names stay inside their string literals", () => {
    const q = queueGaugeQuery("unacked", [{ vhost: 'v"h', name: 'a"b\\c' }]);
    expect(q).toBe('max by (vhost, queue) (rabbitmq_queue_messages_unacked{vhost="v\\"h",queue="a\\"b\\\\c"})');
  });

  it("several queues in one vhost share one regex selector with escaped metacharacters", () => {
    const q = queueAckRateQuery(
      [
        { vhost: "/", name: "orders.v1" },
        { vhost: "/", name: "(.*)|x" },
      ],
      300,
    );
    expect(q).toBe(
      'sum by (vhost, queue) (max without (job) (rate(rabbitmq_channel_messages_acked_total{vhost="/",queue=~"orders\\\\.v1|\\\\(\\\\.\\\\*\\\\)\\\\|x"}[5m])))',
    );
  });

  it("publish rate uses queue_vhost and renames it to vhost; cluster joins identity_info", () => {
    const q = queuePublishRateQuery([{ vhost: "/", name: "q" }], 60, { cluster: "c1" });
    expect(q).toContain('rabbitmq_queue_messages_published_total{queue_vhost="/",queue="q"}[1m]');
    expect(q).toContain(
      '* on (instance) group_left (rabbitmq_cluster) max by (instance, rabbitmq_cluster) (rabbitmq_identity_info{rabbitmq_cluster="c1"})',
    );
    expect(q.startsWith("label_replace(sum by (queue_vhost, queue)")).toBe(true);
  });

  it("queues in two vhosts are or-ed", () => {
    const q = queueGaugeQuery("consumers", [
      { vhost: "a", name: "q" },
      { vhost: "b", name: "q" },
    ]);
    expect(q).toBe(
      'max by (vhost, queue) ((rabbitmq_queue_consumers{vhost="a",queue="q"}) or (rabbitmq_queue_consumers{vhost="b",queue="q"}))',
    );
  });

  it("dead-letter rate by reason", () => {
    const q = deadLetterRateQuery(300, { reason: "rejected" });
    expect(q).toBe(
      'sum by (reason) (label_replace(sum by (instance) (max without (job) (rate(rabbitmq_global_messages_dead_lettered_rejected_total[5m]))), "reason", "rejected", "", ""))',
    );
  });

  it("refuses an empty queue list", () => {
    expect(() => queueGaugeQuery("ready", [])).toThrow(RangeError);
  });
});
