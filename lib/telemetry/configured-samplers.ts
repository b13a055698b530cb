import "server-only";
// The broker samplers the config turns on (`sources.<broker>.sampler.enabled`), started with the
// server (lib/startup.ts) and served at /api/metrics. One instance samples at a time: the
// runner holds the "broker-sampler" instance lock in terms (broker-sampler.ts).
import type { AsyncscopeConfig } from "@/lib/config/schema";
import type { InstanceLocks } from "@/lib/db/instance-lock";
import { BROKERS, BROKER_NAMES } from "@/lib/sources/brokers";
import { DEFAULT_SAMPLER_INTERVAL_SECONDS } from "@/lib/sources/sampler";
import { appMetrics, type Registry } from "./metrics";
import { startBrokerSampler, type BrokerSamplerRun } from "./broker-sampler";

const RUN = Symbol.for("asyncscope.broker-sampler");
const holder = globalThis as unknown as Record<symbol, BrokerSamplerRun | undefined>;

/** Starts the configured samplers (once per process); undefined when none is turned on. */
export async function startConfiguredSamplers(
  config: AsyncscopeConfig,
  locks: InstanceLocks,
  opts: { registry?: Registry; log?: Pick<Console, "info" | "warn" | "error"> } = {},
): Promise<BrokerSamplerRun | undefined> {
  if (holder[RUN]) return holder[RUN];
  const log = opts.log ?? console;
  const plans = BROKER_NAMES.flatMap((name) => {
    const brokerConfig = config.sources[name];
    const plan = brokerConfig ? BROKERS[name].sampler?.(brokerConfig as never) : undefined;
    return plan ? [{ name, plan }] : [];
  });
  if (plans.length === 0) return undefined;
  const samplers = await Promise.all(plans.map(({ plan }) => plan.create()));
  const run = startBrokerSampler(samplers, {
    registry: opts.registry ?? appMetrics,
    intervalMs: DEFAULT_SAMPLER_INTERVAL_SECONDS * 1000,
    intervalsMs: plans.map(({ plan }) => plan.intervalSeconds * 1000),
    locks,
    log,
  });
  log.info(
    `[asyncscope] broker sampler: ${plans.map(({ name, plan }) => `${name} every ${plan.intervalSeconds} s`).join(", ")}, under the exporters' metric names at /api/metrics (one instance at a time${locks.kind === "advisory" ? ", elected through PostgreSQL" : ""})`,
  );
  holder[RUN] = run;
  return run;
}

/** Stops the samplers started here (their series go, their connections close). */
export async function stopConfiguredSamplers(): Promise<void> {
  const run = holder[RUN];
  holder[RUN] = undefined;
  await run?.stop();
}
