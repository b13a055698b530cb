// Burrow's window rules over a consumer group's committed offsets, per partition, rolled up
// per group: lag status without a depth threshold. Pure. Over the samples in the window
// (oldest first), with lag = log-end − committed:
//   OK     — lag was zero at some sample;
//   REWIND — the committed offset went backwards (an offset reset, a group re-created);
//   STALL  — a member is assigned the partition, lag exists, the offset never moved;
//   STOP   — nobody is assigned the partition, lag exists, the offset never moved;
//   WARN   — the offset moves but lag never shrank and grew over the window;
//   OK     — otherwise.
// Burrow tells STOP from STALL by the time of the last commit (it reads __consumer_offsets);
// the admin API gives no commit time, so an unmoved offset with a member assigned (committing
// the same offset, or stuck) is STALL and one nobody is assigned is STOP. STOP, STALL and WARN
// need samples covering the whole window; before that a partition's status is unknown.
// The same order as lib/analysis/lag.ts, which judges the neutral series the same way.

export type PartitionLagStatus = "OK" | "WARN" | "STALL" | "STOP" | "REWIND";

export interface OffsetSample {
  atMs: number;
  /** The group's committed offset; −1 when it never committed on this partition. */
  committed: number;
  logEnd: number;
}

export interface PartitionVerdict {
  partition: number;
  /** Undefined: not judged (too few samples, nothing committed); `reason` says which. */
  status?: PartitionLagStatus;
  reason: string;
  /** Lag at the newest sample (undefined when never committed). */
  lag?: number;
  assigned: boolean;
}

export interface GroupVerdict {
  /** The worst partition's status; undefined when no partition could be judged. */
  status?: PartitionLagStatus;
  partitions: PartitionVerdict[];
  /** Partitions of the topic with no member assigned. */
  unassigned: number[];
}

/** Worst first, as Burrow ranks them: STOP/STALL/REWIND are errors, WARN a warning. */
const SEVERITY: Record<PartitionLagStatus, number> = { STOP: 4, STALL: 3, REWIND: 2, WARN: 1, OK: 0 };

export function partitionLagStatus(
  samples: readonly OffsetSample[],
  opts: { assigned: boolean; windowMs: number },
): { status?: PartitionLagStatus; reason: string } {
  const committed = samples.filter((s) => s.committed >= 0);
  if (committed.length === 0) return { reason: "the group has not committed an offset on it" };
  const lag = committed.map((s) => Math.max(0, s.logEnd - s.committed));
  if (lag.some((l) => l === 0)) return { status: "OK", reason: "caught up at least once in the window" };
  for (let i = 1; i < committed.length; i++) {
    if (committed[i]!.committed < committed[i - 1]!.committed) {
      return {
        status: "REWIND",
        reason: `committed offset went back from ${committed[i - 1]!.committed} to ${committed[i]!.committed}`,
      };
    }
  }
  const first = committed[0]!;
  const last = committed[committed.length - 1]!;
  const spanMs = last.atMs - first.atMs;
  if (committed.length < 2 || spanMs < opts.windowMs) {
    return { reason: `lag ${lag[lag.length - 1]}, but the samples cover ${Math.round(spanMs / 1000)} s of the window` };
  }
  const seconds = Math.round(spanMs / 1000);
  if (last.committed === first.committed) {
    return opts.assigned
      ? { status: "STALL", reason: `a member is assigned, but offset ${last.committed} has not moved in ${seconds} s` }
      : { status: "STOP", reason: `no member is assigned and offset ${last.committed} has not moved in ${seconds} s` };
  }
  let neverShrank = true;
  for (let i = 1; i < lag.length; i++) if (lag[i]! < lag[i - 1]!) neverShrank = false;
  if (neverShrank && lag.length >= 3 && lag[lag.length - 1]! > lag[0]!) {
    return {
      status: "WARN",
      reason: `lag grew from ${lag[0]} to ${lag[lag.length - 1]} and never shrank in ${seconds} s`,
    };
  }
  return { status: "OK", reason: "the offset moves and lag shrinks at times" };
}

export function groupLagStatus(
  partitions: ReadonlyMap<number, readonly OffsetSample[]>,
  opts: { assignedPartitions: ReadonlySet<number>; windowMs: number },
): GroupVerdict {
  const verdicts = [...partitions.keys()]
    .sort((a, b) => a - b)
    .map((partition): PartitionVerdict => {
      const samples = partitions.get(partition)!;
      const assigned = opts.assignedPartitions.has(partition);
      const last = samples[samples.length - 1];
      const lag = last && last.committed >= 0 ? Math.max(0, last.logEnd - last.committed) : undefined;
      return {
        partition,
        assigned,
        ...(lag !== undefined ? { lag } : {}),
        ...partitionLagStatus(samples, { assigned, windowMs: opts.windowMs }),
      };
    });
  const judged = verdicts.filter((v): v is PartitionVerdict & { status: PartitionLagStatus } => v.status !== undefined);
  const worst = judged.reduce<PartitionLagStatus | undefined>(
    (acc, v) => (acc === undefined || SEVERITY[v.status] > SEVERITY[acc] ? v.status : acc),
    undefined,
  );
  return {
    ...(worst ? { status: worst } : {}),
    partitions: verdicts,
    unassigned: verdicts.filter((v) => !v.assigned).map((v) => v.partition),
  };
}
