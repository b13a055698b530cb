// Fault switches. The CLI writes .lab/faults.json; services that change behaviour in place
// (silent-drop, slow-consumer, poison-messages) re-read it every second, and faults that need a
// different process (crash loop, thief, stopped consumer, skewed clock) are applied by the CLI.
import fs from "node:fs";
import path from "node:path";
import lockfile from "proper-lockfile";
import { paths } from "./config";
import type { BrokerFaults } from "./fault-set";
import { KAFKA_LAB_FAULTS } from "./kafka/faults";
import { NATS_FAULTS } from "./nats/faults";
import { REDIS_FAULTS } from "./redis/faults";

const RABBITMQ_FAULTS = {
  "consumer-crashloop":
    "notification-service restarts with SMTP_PASS instead of SMTP_PASSWORD, exits at start-up, a supervisor restarts it with back-off",
  "silent-drop":
    "inventory-service rejects a share of events in validation and returns without log, metric or error, acking them; with --logged (the fix) it logs warn event_validation_failed for each",
  "stolen-messages": "an undeclared consumer (website-counter) takes a share of order_confirmed.inventory",
  "slow-consumer": "a consumer's processing time rises above the arrival interval",
  "poison-messages": "order-service publishes a share of unparseable messages; consumers reject them without requeue",
  "consumer-down": "a consumer process is stopped",
  "clock-skew": "one service's clock (so its span and log timestamps) is shifted by an offset",
} as const;

/** Each broker's own faults (lab/<broker>/faults.ts), one line each. */
const BROKER_FAULTS = [KAFKA_LAB_FAULTS, NATS_FAULTS, REDIS_FAULTS] as const;

type BrokerFaultName = (typeof BROKER_FAULTS)[number] extends BrokerFaults<infer N> ? N : never;
export type FaultName = keyof typeof RABBITMQ_FAULTS | BrokerFaultName;
export const FAULTS = Object.assign(
  {},
  RABBITMQ_FAULTS,
  ...BROKER_FAULTS.map((b) => b.descriptions as Record<string, string>),
) as Record<FaultName, string>;

/** The broker fault set a fault belongs to, if it is not one of the RabbitMQ lab's. */
export function brokerFaultsOf(name: FaultName): BrokerFaults | undefined {
  return BROKER_FAULTS.find((b) => Object.hasOwn(b.descriptions, name)) as BrokerFaults | undefined;
}
export const isFaultName = (s: string): s is FaultName => Object.hasOwn(FAULTS, s);

export interface FaultOptions {
  /** Share of messages affected, 0..1 (silent-drop, poison-messages). */
  share?: number;
  /** Target service (slow-consumer, consumer-down, clock-skew). */
  service?: string;
  /** Processing delay per message (slow-consumer). */
  delayMs?: number;
  /** Clock offset (clock-skew); negative = the service's clock runs behind. */
  offsetMs?: number;
  /** silent-drop: the fixed variant, which logs warn "event_validation_failed" for each skipped event. */
  logged?: boolean;
}

/** Fault options that take no value (every other one is `--flag value`). */
export const FAULT_SWITCHES: ReadonlySet<string> = new Set(["--logged"]);

export type FaultState = Partial<Record<FaultName, FaultOptions>>;

const RABBITMQ_DEFAULTS: Record<keyof typeof RABBITMQ_FAULTS, FaultOptions> = {
  "consumer-crashloop": { service: "notification-service" },
  "silent-drop": { share: 0.3, service: "inventory-service" },
  "stolen-messages": { service: "website-counter" },
  "slow-consumer": { service: "notification-service", delayMs: 600 },
  "poison-messages": { share: 0.2, service: "order-service" },
  "consumer-down": { service: "inventory-service" },
  "clock-skew": { service: "inventory-service", offsetMs: -5000 },
};
export const DEFAULTS = Object.assign(
  {},
  RABBITMQ_DEFAULTS,
  ...BROKER_FAULTS.map((b) => b.defaults as Record<string, FaultOptions>),
) as Record<FaultName, FaultOptions>;

export function readFaults(file = paths.faults): FaultState {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw err;
  }
  return JSON.parse(text) as FaultState;
}

export function writeFaults(state: FaultState, file = paths.faults): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(state, null, 2) + "\n");
  fs.renameSync(tmp, file); // atomic, so a service polling the file never reads half of it
}

/**
 * Runs `change` (a read, then a write, of the switches) under a lock on the file: fault suites of
 * different brokers run side by side on CI, and two `lab fault` commands at once would each write
 * back what they read, losing the other's switch.
 */
export async function withFaultsLocked<T>(change: () => T, file = paths.faults): Promise<T> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // The file itself may not exist yet (realpath: false); a lock left by a killed command is
  // stale after 10 s (the holder refreshes it every 5 s).
  const release = await lockfile.lock(file, {
    realpath: false,
    stale: 10_000,
    retries: { retries: 200, minTimeout: 50, maxTimeout: 500 },
  });
  try {
    return change();
  } finally {
    await release();
  }
}

/** A cached view for services: re-reads the file at most once a second. */
export function faultWatcher(intervalMs = 1000): () => FaultState {
  let state: FaultState = {};
  let readAt = 0;
  return () => {
    const now = Date.now();
    if (now - readAt >= intervalMs) {
      readAt = now;
      try {
        state = readFaults();
      } catch (err) {
        // Keep the last good state; a half-edited file must not crash a consumer.
        console.error(`faults: cannot read ${paths.faults}: ${(err as Error).message}`);
      }
    }
    return state;
  };
}
