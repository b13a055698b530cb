import { describe, expect, it } from "vitest";
import { rebalancesSeen, type MembershipSample } from "./rebalance";

const at = (i: number, state: string, members: string): MembershipSample => ({ atMs: i * 5_000, state, members });

describe("rebalancesSeen", () => {
  it("counts nothing while the members stay the same", () => {
    expect(rebalancesSeen([at(0, "STABLE", "a"), at(1, "STABLE", "a"), at(2, "STABLE", "a")])).toBe(0);
  });

  it("counts a crash loop's leave and rejoin with a new member id, each time", () => {
    //  a ─ (gone) ─ b ─ (gone) ─ c        four changes of the member set
    const samples = [
      at(0, "STABLE", "a"),
      at(1, "EMPTY", ""),
      at(2, "STABLE", "b"),
      at(3, "EMPTY", ""),
      at(4, "STABLE", "c"),
    ];
    expect(rebalancesSeen(samples)).toBe(4);
  });

  it("counts a rebalance caught in progress once, not again when it completes with new members", () => {
    //  a ─ PREPARING(a) ─ COMPLETING(a,b) ─ STABLE(a,b)       one rebalance
    const samples = [
      at(0, "STABLE", "a"),
      at(1, "PREPARING_REBALANCE", "a"),
      at(2, "COMPLETING_REBALANCE", "a,b"),
      at(3, "STABLE", "a,b"),
    ];
    expect(rebalancesSeen(samples)).toBe(1);
  });
});
