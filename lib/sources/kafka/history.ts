// The offsets the client has read over the lag window, per topic@group and partition: the
// history Burrow's rules judge (lag-window.ts). Held in the client's memory, as Burrow holds
// its own: a restarted server starts with no history, and the rules say "not judged yet"
// until the samples cover a window again. Pure apart from the Map it keeps.
import type { OffsetSample } from "./lag-window";
import type { KafkaReadout } from "./schemas";
import { destinationKey } from "./config";

/** topic@group → partition → samples, oldest first. */
export type OffsetHistory = Map<string, Map<number, OffsetSample[]>>;

export function emptyHistory(): OffsetHistory {
  return new Map();
}

/** The samples of one readout, per destination key and partition. */
export function samplesOf(readout: KafkaReadout): Map<string, Map<number, OffsetSample>> {
  const out = new Map<string, Map<number, OffsetSample>>();
  for (const c of readout.committed) {
    const topic = readout.topics.find((t) => t.topic === c.topic);
    if (!topic?.exists) continue;
    const perPartition = new Map<number, OffsetSample>();
    for (const end of topic.logEnd) {
      // An unknown log end (−1) is no sample: as lag 0 it would read as caught up.
      if (end.offset < 0) continue;
      const committed = c.partitions.find((p) => p.partition === end.partition)?.offset ?? -1;
      perPartition.set(end.partition, { atMs: readout.atMs, committed, logEnd: end.offset });
    }
    out.set(destinationKey(c.topic, c.group), perPartition);
  }
  return out;
}

/**
 * Adds a readout's samples and drops those the window no longer needs: everything older than
 * the newest sample that is itself at least a window old (that one stays, so the samples can
 * span the whole window).
 */
export function recordSamples(history: OffsetHistory, readout: KafkaReadout, windowMs: number): OffsetHistory {
  for (const [key, partitions] of samplesOf(readout)) {
    const perKey = history.get(key) ?? new Map<number, OffsetSample[]>();
    for (const [partition, sample] of partitions) {
      const list = [...(perKey.get(partition) ?? []), sample].sort((a, b) => a.atMs - b.atMs);
      const edge = sample.atMs - windowMs;
      let firstKept = 0;
      for (let i = 0; i < list.length; i++) if (list[i]!.atMs <= edge) firstKept = i;
      perKey.set(partition, list.slice(firstKept));
    }
    history.set(key, perKey);
  }
  return history;
}
