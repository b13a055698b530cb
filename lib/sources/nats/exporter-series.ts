// A /jsz?consumers=true&config=true answer as prometheus-nats-exporter with -jsz=consumers
// exposes it (collector/jsz.go, the commit tests/fixtures/nats/SOURCES.md names): namespace
// "jetstream", stream families labelled by server, account and stream, consumer families by
// those and the consumer. The adapter's metric plan (metric-plan.ts) reads these names. Pure.
// As upstream: server_name comes from /varz; a server with no cluster leads its streams and
// consumers ("true"); labels the server leaves out are empty (Prometheus reads them as absent).
import { z } from "zod";
import type { SampledFamilyDef, SampledSeries } from "../sampler";
import type { JszWire } from "./schemas";

export const STREAM_LABELS = [
  "server_id",
  "server_name",
  "cluster",
  "domain",
  "meta_leader",
  "is_meta_leader",
  "account",
  "account_id",
  "stream_name",
  "stream_leader",
  "is_stream_leader",
  "stream_raft_group",
] as const;
export const CONSUMER_LABELS = [
  ...STREAM_LABELS,
  "consumer_name",
  "consumer_leader",
  "is_consumer_leader",
  "consumer_desc",
] as const;

const stream = (name: string, help: string): SampledFamilyDef => ({
  name: `jetstream_stream_${name}`,
  help,
  labelNames: STREAM_LABELS,
});
const consumer = (name: string, help: string): SampledFamilyDef => ({
  name: `jetstream_consumer_${name}`,
  help,
  labelNames: CONSUMER_LABELS,
});

export const JSZ_EXPORTER_FAMILIES: readonly SampledFamilyDef[] = [
  stream("total_messages", "Total number of messages from a stream"),
  stream("total_bytes", "Total stored bytes from a stream"),
  stream("first_seq", "First sequence from a stream"),
  stream("last_seq", "Last sequence from a stream"),
  stream("consumer_count", "Total number of consumers from a stream"),
  stream("subject_count", "Total number of subjects in a stream"),
  consumer("delivered_consumer_seq", "Latest sequence number of a stream consumer"),
  consumer("delivered_stream_seq", "Latest sequence number of a stream"),
  consumer("num_ack_pending", "Number of pending acks from a consumer"),
  consumer("num_redelivered", "Number of redelivered messages from a consumer"),
  consumer("num_waiting", "Number of inflight fetch requests from a pull consumer"),
  consumer("num_pending", "Number of pending messages from a consumer"),
  consumer("ack_floor_stream_seq", "Number of ack floor stream seq from a consumer"),
  consumer("ack_floor_consumer_seq", "Number of ack floor consumer seq from a consumer"),
];

// What the exporter labels by and the adapter's schema does not read (schemas.ts is loose, so
// these fields are kept in the parsed answer).
const leader = z.object({ leader: z.string().optional() }).loose().optional();
const extras = z
  .object({
    meta_cluster: z.object({ name: z.string().optional(), leader: z.string().optional() }).loose().optional(),
    config: z.object({ domain: z.string().optional() }).loose().optional(),
    account_details: z
      .array(
        z
          .object({
            id: z.string().optional(),
            stream_detail: z
              .array(
                z
                  .object({
                    cluster: leader,
                    raft_group: z.string().optional(),
                    state: z.object({ num_subjects: z.number().optional(), bytes: z.number().optional() }).loose(),
                    consumer_detail: z.array(z.object({ cluster: leader }).loose()).optional(),
                  })
                  .loose(),
              )
              .optional(),
          })
          .loose(),
      )
      .optional(),
  })
  .loose();

const leads = (leaderName: string | undefined, serverName: string) =>
  leaderName === undefined ? "true" : String(leaderName === serverName);

export function jszExporterSeries(jsz: JszWire, serverName: string): Map<string, SampledSeries[]> {
  const out = new Map<string, SampledSeries[]>(JSZ_EXPORTER_FAMILIES.map((f) => [f.name, []]));
  const add = (family: string, labels: Record<string, string>, value: number) =>
    out.get(family)!.push({ labels, value });
  const more = extras.parse(jsz);
  const server = {
    server_id: jsz.server_id,
    server_name: serverName,
    cluster: more.meta_cluster?.name ?? "",
    domain: more.config?.domain ?? "",
    meta_leader: more.meta_cluster?.leader ?? "",
    is_meta_leader: leads(more.meta_cluster ? (more.meta_cluster.leader ?? "") : undefined, serverName),
  };
  (jsz.account_details ?? []).forEach((account, a) => {
    const accountMore = more.account_details?.[a];
    (account.stream_detail ?? []).forEach((s, i) => {
      const sMore = accountMore?.stream_detail?.[i];
      const streamLabels = {
        ...server,
        account: account.name,
        account_id: accountMore?.id ?? account.name,
        stream_name: s.name,
        stream_leader: sMore?.cluster?.leader ?? "",
        is_stream_leader: leads(sMore?.cluster ? (sMore.cluster.leader ?? "") : undefined, serverName),
        stream_raft_group: sMore?.raft_group ?? "",
      };
      add("jetstream_stream_total_messages", streamLabels, s.state.messages);
      if (sMore?.state.bytes !== undefined) add("jetstream_stream_total_bytes", streamLabels, sMore.state.bytes);
      add("jetstream_stream_first_seq", streamLabels, s.state.first_seq);
      add("jetstream_stream_last_seq", streamLabels, s.state.last_seq);
      add("jetstream_stream_consumer_count", streamLabels, s.state.consumer_count);
      if (sMore?.state.num_subjects !== undefined)
        add("jetstream_stream_subject_count", streamLabels, sMore.state.num_subjects);
      (s.consumer_detail ?? []).forEach((c, j) => {
        const cluster = sMore?.consumer_detail?.[j]?.cluster;
        const labels = {
          ...streamLabels,
          consumer_name: c.name,
          consumer_leader: cluster?.leader ?? "",
          is_consumer_leader: leads(cluster ? (cluster.leader ?? "") : undefined, serverName),
          consumer_desc: c.config?.description ?? "",
        };
        add("jetstream_consumer_delivered_consumer_seq", labels, c.delivered.consumer_seq);
        add("jetstream_consumer_delivered_stream_seq", labels, c.delivered.stream_seq);
        add("jetstream_consumer_num_ack_pending", labels, c.num_ack_pending);
        add("jetstream_consumer_num_redelivered", labels, c.num_redelivered);
        add("jetstream_consumer_num_waiting", labels, c.num_waiting);
        add("jetstream_consumer_num_pending", labels, c.num_pending);
        add("jetstream_consumer_ack_floor_stream_seq", labels, c.ack_floor.stream_seq);
        add("jetstream_consumer_ack_floor_consumer_seq", labels, c.ack_floor.consumer_seq);
      });
    });
  });
  return out;
}
