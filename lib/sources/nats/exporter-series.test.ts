// The sampler's exposition of the recorded /jsz answer (tests/fixtures/nats, from the lab's
// nats-server) under prometheus-nats-exporter's -jsz names and labels.
import fs from "node:fs";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { exposeSamples } from "@/lib/telemetry/broker-sampler";
import { DEFAULT_METRIC_NAMES } from "./config";
import { CONSUMER_LABELS, JSZ_EXPORTER_FAMILIES, STREAM_LABELS, jszExporterSeries } from "./exporter-series";
import { fixturePath, recordedJsz } from "./testing";

/** tests/fixtures/nats/exporter-jsz-metric-names.txt: family → its label set, transcribed from upstream. */
function upstreamNames(): Map<string, string[]> {
  const lines = fs.readFileSync(fixturePath("exporter-jsz-metric-names.txt"), "utf8").split("\n").filter(Boolean);
  const labelSets = new Map<string, string[]>();
  const out = new Map<string, string[]>();
  for (const line of lines) {
    const [head, ...rest] = line.split(" ");
    if (head === "#labels") labelSets.set(rest[0]!, rest.slice(1));
    else out.set(head!, labelSets.get(rest[0]!)!);
  }
  return out;
}

describe("prometheus-nats-exporter -jsz exposition of /jsz", () => {
  it("names and labels every family as the exporter does", () => {
    const upstream = upstreamNames();
    for (const family of JSZ_EXPORTER_FAMILIES)
      expect([...family.labelNames], family.name).toEqual(upstream.get(family.name));
    expect(upstream.get("jetstream_consumer_num_pending")).toEqual([...CONSUMER_LABELS]);
    expect(upstream.get("jetstream_stream_last_seq")).toEqual([...STREAM_LABELS]);
    // Every name the adapter's metric plan reads by default is written.
    const written = new Set(JSZ_EXPORTER_FAMILIES.map((f) => f.name));
    for (const name of Object.values(DEFAULT_METRIC_NAMES)) expect(written.has(name), name).toBe(true);
  });

  it("writes the consumers' pending, in-flight and sequences from the recorded answer", async () => {
    const registry = new Registry();
    exposeSamples(registry, JSZ_EXPORTER_FAMILIES).show({
      atMs: 0,
      series: jszExporterSeries(recordedJsz(), "asyncscope-lab-nats"),
    });
    const text = await registry.metrics();
    const line = (name: string, consumer: string) =>
      text
        .split("\n")
        .find(
          (l) =>
            l.startsWith(`${name}{`) && l.includes(`consumer_name="${consumer}"`) && l.includes('stream_name="ORDERS"'),
        );
    // The declared pull consumer `notification`: 4 pending, 1 in flight, delivered 2, acked up to 1.
    expect(line("jetstream_consumer_num_pending", "notification")).toMatch(/ 4$/);
    expect(line("jetstream_consumer_num_ack_pending", "notification")).toMatch(/ 1$/);
    expect(line("jetstream_consumer_delivered_stream_seq", "notification")).toMatch(/ 2$/);
    expect(line("jetstream_consumer_ack_floor_stream_seq", "notification")).toMatch(/ 1$/);
    expect(line("jetstream_consumer_num_pending", "notification")).toContain(
      'server_name="asyncscope-lab-nats",cluster="",domain="",meta_leader="",is_meta_leader="true",account="$G",account_id="$G",stream_name="ORDERS",stream_leader="asyncscope-lab-nats",is_stream_leader="true"',
    );
    const consumers = recordedJsz()
      .account_details!.flatMap((a) => a.stream_detail ?? [])
      .flatMap((s) => s.consumer_detail ?? []);
    expect(text.split("\n").filter((l) => l.startsWith("jetstream_consumer_num_pending{")).length).toBe(
      consumers.length,
    );
    expect(text).toMatch(/^jetstream_stream_last_seq\{[^}]*stream_name="ORDERS"[^}]*\} 7$/m);
  });
});
