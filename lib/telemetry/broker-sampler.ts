// The background broker sampler (lib/sources/sampler.ts): every interval, each sampler reads
// its broker and its series replace the last sample's on `registry`, under the exporter's own
// names, for Prometheus to scrape. Never an old value: a family's gauge is reset at every
// sample, so a group or partition that vanished has no series; a read that fails leaves its
// broker with no series at all (a gap in Prometheus), asyncscope_sampler_up{broker,source} 0
// and one log line with the broker, the source and the error (again only when it changes).
//
// One instance at a time (docs/configuration.md): in the app, the sampler runs in terms of
// TERM_MS under the instance lock "broker-sampler" (lib/db/instance-lock.ts), so of several
// instances sharing a PostgreSQL database one samples and the others expose nothing of it;
// when the holder dies its lock goes with its connection and another takes the next term.
// A standalone process (the lab's, lab/sampler.ts) passes no locks.
import type { Gauge, Registry } from "prom-client";
import type { InstanceLocks } from "@/lib/db/instance-lock";
import type { BrokerSample, BrokerSampler, SampledFamilyDef } from "@/lib/sources/sampler";
import { gauge } from "./metrics";

type Log = Pick<Console, "info" | "warn" | "error">;

/** How long one instance keeps the sampling before the lock is up for grabs again. */
export const TERM_MS = 60_000;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}

export function defineSamplerMetrics(registry: Registry) {
  return {
    up: gauge(
      registry,
      "asyncscope_sampler_up",
      "1 when the broker sampler's last read of the broker succeeded, 0 when it failed (its series are then absent: a gap, never an old value).",
      ["broker", "source"],
    ),
    sampledAt: gauge(
      registry,
      "asyncscope_sampler_last_success_timestamp_seconds",
      "When the broker sampler last read the broker successfully (Unix seconds).",
      ["broker", "source"],
    ),
  };
}

/** Exposes one sampler's samples on a registry: the exporter's families, replaced per sample. */
export interface SampleExposition {
  /** Replaces every series of the sampler's families with the sample's. */
  show(sample: BrokerSample): void;
  /** Removes every series of the sampler's families (a failed read, a lost term, a stop). */
  clear(): void;
}

export function exposeSamples(registry: Registry, families: readonly SampledFamilyDef[]): SampleExposition {
  const gauges = new Map<string, Gauge<string>>(
    families.map((f) => [f.name, gauge(registry, f.name, f.help, f.labelNames as string[])]),
  );
  const clear = () => {
    for (const g of gauges.values()) g.reset();
  };
  return {
    clear,
    show(sample) {
      clear();
      for (const [name, series] of sample.series) {
        const g = gauges.get(name);
        if (!g) throw new Error(`sampled family ${name} was not declared by its sampler`);
        for (const s of series) g.set(s.labels, s.value);
      }
    },
  };
}

export interface BrokerSamplerRun {
  /** Samples every broker once now (tests; the timer does the same). */
  sampleOnce(): Promise<void>;
  /** Stops the timer, waits for a sample in progress, removes the series, closes the samplers. */
  stop(): Promise<void>;
}

export interface BrokerSamplerOptions {
  registry: Registry;
  /** How often each sampler reads its broker, unless `intervalsMs` gives it its own. */
  intervalMs: number;
  /** Per sampler (same order as the samplers), its own interval. */
  intervalsMs?: readonly number[];
  log?: Log;
  /** Elects one instance (the app); absent, this process samples (a standalone sampler). */
  locks?: InstanceLocks;
  termMs?: number;
}

/** Starts sampling `samplers` every `intervalMs`; the first sample is taken at once. */
export function startBrokerSampler(samplers: readonly BrokerSampler[], opts: BrokerSamplerOptions): BrokerSamplerRun {
  const { registry, log = console, locks, termMs = TERM_MS } = opts;
  const metrics = defineSamplerMetrics(registry);
  const shown = samplers.map((s, i) => ({
    sampler: s,
    exposition: exposeSamples(registry, s.families),
    everyMs: opts.intervalsMs?.[i] ?? opts.intervalMs,
    dueMs: 0,
  }));
  // The loop wakes at the shortest interval and samples the brokers that are due.
  const intervalMs = Math.min(opts.intervalMs, ...shown.map((s) => s.everyMs));
  const reported = new Map<BrokerSampler, string>();
  let stopped = false;
  let current: Promise<void> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let wake: (() => void) | undefined;

  async function sampleOne({
    sampler,
    exposition,
  }: {
    sampler: BrokerSampler;
    exposition: SampleExposition;
  }): Promise<void> {
    const labels = { broker: sampler.broker, source: sampler.source };
    try {
      const sample = await sampler.sample();
      if (stopped) return;
      exposition.show(sample);
      metrics.up.set(labels, 1);
      metrics.sampledAt.set(labels, sample.atMs / 1000);
      if (reported.get(sampler))
        log.info(`[asyncscope] broker sampler: ${sampler.broker} (${sampler.source}) is read again`);
      reported.set(sampler, "");
    } catch (error) {
      exposition.clear();
      metrics.up.set(labels, 0);
      const message = messageOf(error);
      if (reported.get(sampler) !== message)
        log.error(
          `[asyncscope] broker sampler: reading ${sampler.broker} (${sampler.source}) failed: ${message}; its exporter series are absent until a read succeeds (asyncscope_sampler_up 0)`,
        );
      reported.set(sampler, message);
    }
  }

  const sampleOnce = async () => {
    await Promise.all(shown.map(sampleOne));
  };

  const clearAll = () => {
    for (const { sampler, exposition } of shown) {
      exposition.clear();
      metrics.up.remove({ broker: sampler.broker, source: sampler.source });
      metrics.sampledAt.remove({ broker: sampler.broker, source: sampler.source });
    }
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, ms);
      timer.unref?.();
    });

  /** Samples every broker when due until `untilMs` (or the stop). */
  async function term(untilMs: number): Promise<void> {
    while (!stopped && Date.now() < untilMs) {
      const started = Date.now();
      const due = shown.filter((s) => s.dueMs <= started);
      for (const s of due) s.dueMs = started + s.everyMs;
      current = Promise.all(due.map(sampleOne)).then(() => undefined);
      await current;
      current = undefined;
      if (stopped) return;
      await sleep(Math.max(0, intervalMs - (Date.now() - started)));
    }
  }

  let leading: boolean | undefined;
  async function loop(): Promise<void> {
    while (!stopped) {
      if (!locks) {
        await term(Infinity);
        return;
      }
      try {
        // The lock's transaction may outlast the term by a slow last read, or a busy event loop.
        const holdMs = termMs + Math.max(intervalMs * 2, 30_000);
        const held = await locks.sweep("broker-sampler", holdMs, () => {
          if (leading !== true) log.info("[asyncscope] broker sampler: this instance samples the brokers");
          leading = true;
          return term(Date.now() + termMs);
        });
        if (!held.ran) {
          // Another instance samples: what this one showed would be a second, older copy.
          clearAll();
          if (leading !== false)
            log.info("[asyncscope] broker sampler: another instance samples the brokers; this one stands by");
          leading = false;
          await sleep(intervalMs);
        }
      } catch (error) {
        clearAll();
        log.error(
          `[asyncscope] broker sampler: the instance lock could not be taken: ${messageOf(error)}; no samples until it can`,
        );
        leading = undefined;
        await sleep(intervalMs);
      }
    }
  }

  const running = loop().catch((error: unknown) =>
    log.error(`[asyncscope] broker sampler stopped by a bug: ${messageOf(error)}`),
  );

  return {
    sampleOnce,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      wake?.();
      await current;
      clearAll();
      await Promise.all(
        samplers.map((s) =>
          s
            .close()
            .catch((error: unknown) =>
              log.error(`[asyncscope] broker sampler: closing ${s.broker} (${s.source}) failed: ${messageOf(error)}`),
            ),
        ),
      );
      await running;
    },
  };
}
