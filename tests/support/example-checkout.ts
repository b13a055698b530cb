// asyncscope.example.yaml cut down to its RabbitMQ checkout: the workflow and the sources it
// reads (Prometheus, Jaeger, RabbitMQ, the log store). For tests about that workflow alone,
// which must not reach the other brokers' sources (with the lab up, those would answer).
import fs from "node:fs";
import path from "node:path";
import { parse, stringify } from "yaml";

const EXAMPLE = path.resolve(import.meta.dirname, "../../asyncscope.example.yaml");
const CHECKOUT_SOURCES = ["prometheus", "jaeger", "rabbitmq", "logs"];

/** The example's text with only the `checkout` workflow and its sources. */
export function exampleCheckoutText(): string {
  const raw = parse(fs.readFileSync(EXAMPLE, "utf8")) as {
    sources: Record<string, unknown>;
    workflows: { id: string }[];
  };
  raw.sources = Object.fromEntries(Object.entries(raw.sources).filter(([name]) => CHECKOUT_SOURCES.includes(name)));
  raw.workflows = raw.workflows.filter((w) => w.id === "checkout");
  if (raw.workflows.length !== 1) throw new Error(`${EXAMPLE} has no checkout workflow`);
  return stringify(raw);
}

/** The whole example, parsed, with its Prometheus, Jaeger and RabbitMQ management API at `url` (a loopback server of the test's). */
export function exampleWithSourcesAt(url: string): {
  sources: Record<string, Record<string, unknown>>;
  workflows: unknown[];
} {
  const example = parse(fs.readFileSync(EXAMPLE, "utf8")) as {
    sources: Record<string, Record<string, unknown>>;
    workflows: unknown[];
  };
  example.sources.prometheus!.url = url;
  example.sources.jaeger!.url = url;
  example.sources.rabbitmq!.managementUrl = url;
  return example;
}
