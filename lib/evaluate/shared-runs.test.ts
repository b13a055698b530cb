import { describe, expect, it } from "vitest";
import { SharedRuns } from "./shared-runs";

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("SharedRuns", () => {
  it("gives callers of one key the run in flight, then the settled one until it expires", async () => {
    let nowMs = 1_000;
    const runs = new SharedRuns<string>(5_000, 10, () => nowMs);
    let started = 0;
    const first = deferred<string>();
    const start = () => {
      started += 1;
      return started === 1 ? first.promise : Promise.resolve(`run ${started}`);
    };
    const a = runs.run("k", start);
    const b = runs.run("k", start);
    expect(started).toBe(1);
    first.resolve("run 1");
    expect(await a).toBe("run 1");
    expect(await b).toBe("run 1");
    // Settled: a late caller within keepMs gets the same answer, no new run.
    nowMs += 4_999;
    expect(await runs.run("k", start)).toBe("run 1");
    expect(started).toBe(1);
    // Expired: a new run.
    nowMs += 1;
    expect(await runs.run("k", start)).toBe("run 2");
    expect(started).toBe(2);
  });

  it("does not keep a failed run: the next caller starts again", async () => {
    const runs = new SharedRuns<string>(5_000, 10, () => 0);
    const failing = deferred<string>();
    const a = runs.run("k", () => failing.promise);
    failing.reject(new Error("prometheus down"));
    await expect(a).rejects.toThrow("prometheus down");
    await Promise.resolve();
    expect(await runs.run("k", () => Promise.resolve("again"))).toBe("again");
  });

  it("forgets a settled run on request, as soon as its caller has it", async () => {
    const runs = new SharedRuns<string>(60_000, 10, () => 0);
    const answer = await runs.run("k", () => Promise.resolve("source down"));
    expect(answer).toBe("source down");
    runs.forget("k");
    expect(runs.keptCount).toBe(0);
    expect(await runs.run("k", () => Promise.resolve("read again"))).toBe("read again");
  });

  it("keeps at most maxSettled runs, dropping the oldest", async () => {
    const runs = new SharedRuns<string>(60_000, 2, () => 0);
    for (const key of ["a", "b", "c"]) await runs.run(key, () => Promise.resolve(key));
    await Promise.resolve();
    expect(runs.keptCount).toBe(2);
    let started = 0;
    await runs.run("a", () => {
      started += 1;
      return Promise.resolve("a again");
    });
    expect(started).toBe(1);
  });
});
