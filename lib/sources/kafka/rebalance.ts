// Rebalance storms: a consumer that crash-loops joins and leaves its group again and again,
// and every join or leave rebalances the group. Kafka's version of the crash loop. DescribeGroups
// gives no generation counter, so the sampled member sets are compared instead: each change of
// the set between two samples, and each sample caught rebalancing, is a rebalance seen. Pure.
import type { KafkaReadout } from "./schemas";

export interface MembershipSample {
  atMs: number;
  state: string;
  /** The members' ids, sorted and joined: a rejoining client gets a new member id. */
  members: string;
}

/** group → samples over the window, oldest first. */
export type MembershipHistory = Map<string, MembershipSample[]>;

/**
 * Rebalances seen in a window that make a storm. One deploy is a leave and a join (two); a
 * third within the window means members keep coming and going.
 */
export const STORM_REBALANCES = 3;

const REBALANCING = new Set(["PREPARING_REBALANCE", "COMPLETING_REBALANCE"]);

export function recordMembership(
  history: MembershipHistory,
  readout: KafkaReadout,
  groups: readonly string[],
  windowMs: number,
): MembershipHistory {
  for (const group of new Set(groups)) {
    const found = readout.groups.find((g) => g.groupId === group);
    const sample: MembershipSample = {
      atMs: readout.atMs,
      state: found?.state ?? "DEAD",
      members: (found?.members ?? [])
        .map((m) => m.memberId)
        .sort()
        .join(","),
    };
    const kept = (history.get(group) ?? []).filter((s) => s.atMs >= sample.atMs - windowMs);
    history.set(group, [...kept, sample]);
  }
  return history;
}

/** Rebalances seen over the samples: member-set changes plus samples caught rebalancing. */
export function rebalancesSeen(samples: readonly MembershipSample[]): number {
  let seen = 0;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i]!;
    const previous = samples[i - 1];
    if (REBALANCING.has(s.state) && !(previous && REBALANCING.has(previous.state))) seen++;
    else if (previous && previous.members !== s.members && !REBALANCING.has(previous.state)) seen++;
  }
  return seen;
}
