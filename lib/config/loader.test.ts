import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { ConfigError, loadConfigFile, parseConfigText } from "./loader";

const EXAMPLE = path.resolve(import.meta.dirname, "../../asyncscope.example.yaml");
const LAB_ENV = { RABBITMQ_USER: "guest", RABBITMQ_PASSWORD: "guest" };

/** A valid config as a plain object, to break one thing at a time. */
function validConfig(): Record<string, any> {
  return {
    version: 1,
    sources: {
      prometheus: { url: "http://127.0.0.1:9090" },
      rabbitmq: {
        managementUrl: "http://127.0.0.1:15672",
        username: "${RABBITMQ_USER}",
        password: "${RABBITMQ_PASSWORD}",
      },
    },
    workflows: [
      {
        id: "checkout",
        name: "Checkout",
        producer: { service: "order-service", span: "publish orders" },
        broker: "rabbitmq",
        destinations: [{ queue: "order_confirmed.notification", consumers: ["notification-service"] }],
        expectedSpans: [{ service: "order-service", span: "publish orders" }],
      },
      {
        id: "refunds",
        name: "Refunds",
        producer: { service: "refund-service", span: "publish refunds" },
        destinations: [{ queue: "refunds", consumers: ["ledger"] }],
        expectedSpans: [{ service: "refund-service", span: "publish refunds" }],
      },
    ],
  };
}

function problemsOf(config: unknown, env: Record<string, string> = LAB_ENV): string[] {
  try {
    parseConfigText(stringify(config), "asyncscope.yaml", env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected the config to be rejected");
}

describe("asyncscope.yaml validation", () => {
  it("accepts the shipped example and fills defaults", () => {
    const config = loadConfigFile(EXAMPLE, {});
    const checkout = config.workflows.find((wf) => wf.id === "checkout");
    expect(checkout?.thresholds.noAckFor).toBe(300);
    expect(checkout?.thresholds.completenessBelow).toBe(0.95);
    expect(checkout?.destinations[0]?.ref).toEqual({
      key: "//order_confirmed.notification",
      name: "order_confirmed.notification",
      identity: { vhost: "/", queue: "order_confirmed.notification" },
    });
    expect(config.sources.rabbitmq?.password).toBe("guest"); // the ${VAR:-fallback}
    expect(config.sources.jaeger?.timeoutMs).toBe(5000);
  });

  it("names the file, the path and 'Required' for a missing field", () => {
    const config = validConfig();
    delete config.workflows[1].destinations[0].queue;
    expect(problemsOf(config)).toEqual(["asyncscope.yaml: workflows[1].destinations[0].queue: Required"]);
  });

  it("still reads the deprecated queues: form as RabbitMQ destinations, and says how to rewrite it", () => {
    const legacy = validConfig();
    legacy.workflows[0].queues = [{ name: "order_confirmed.notification", consumers: ["notification-service"] }];
    delete legacy.workflows[0].destinations;
    delete legacy.workflows[0].broker;
    const read = parseConfigText(stringify(legacy), "asyncscope.yaml", LAB_ENV);
    const current = parseConfigText(stringify(validConfig()), "asyncscope.yaml", LAB_ENV);
    expect(read.workflows).toEqual(current.workflows);
    expect(read.deprecations).toEqual([
      "asyncscope.yaml: workflows[0].queues is deprecated (still read, as RabbitMQ queues): write destinations: with queue: instead of name: (vhost and consumers stay the same); see docs/configuration.md",
    ]);
    expect(current.deprecations).toBeUndefined();
    // Its old error messages name its old fields.
    delete legacy.workflows[0].queues[0].name;
    expect(problemsOf(legacy)).toEqual(["asyncscope.yaml: workflows[0].queues[0].name: Required"]);
  });

  it("refuses queues and destinations together, and a broker nothing is known about", () => {
    const both = validConfig();
    both.workflows[0].queues = [{ name: "x", consumers: [] }];
    expect(problemsOf(both)).toEqual(["asyncscope.yaml: workflows[0].queues: give destinations or queues, not both"]);
    const unknown = validConfig();
    unknown.workflows[0].broker = "activemq";
    expect(problemsOf(unknown)).toEqual(["asyncscope.yaml: workflows[0].broker: expected one of: rabbitmq, kafka"]);
    const twice = validConfig();
    twice.workflows[0].destinations.push({ queue: "order_confirmed.notification", consumers: [] });
    expect(problemsOf(twice)).toEqual([
      "asyncscope.yaml: workflows[0].destinations: order_confirmed.notification is declared twice",
    ]);
  });

  it("declares consumers by name or by any identity the broker gives, and names the identities it knows", () => {
    const config = validConfig();
    config.workflows[0].destinations[0].consumers = [
      "notification-*",
      { product: "amqplib", peerHost: "10.0.3.*" },
      { consumerTag: "ctag-billing-*" },
    ];
    const read = parseConfigText(stringify(config), "asyncscope.yaml", LAB_ENV);
    expect(read.workflows[0]!.destinations[0]!.consumers).toEqual([
      { name: "notification-*" },
      { product: "amqplib", peerHost: "10.0.3.*" },
      { consumerTag: "ctag-billing-*" },
    ]);
    config.workflows[0].destinations[0].consumers = [{ hostnme: "web-1" }];
    expect(problemsOf(config)).toEqual([
      'asyncscope.yaml: workflows[0].destinations[0].consumers[0].hostnme: unknown consumer identity "hostnme" (this broker gives: name, connectionName, consumerTag, product, hostname, user, peerHost)',
    ]);
    config.workflows[0].destinations[0].consumers = [{}];
    expect(problemsOf(config)).toEqual([
      "asyncscope.yaml: workflows[0].destinations[0].consumers[0]: name at least one identity to match",
    ]);
  });

  it("needs producer and expectedSpans only where traces are read", () => {
    const config = validConfig();
    delete config.workflows[0].producer;
    delete config.workflows[0].expectedSpans;
    const withoutTracing = parseConfigText(stringify(config), "asyncscope.yaml", LAB_ENV);
    expect(withoutTracing.workflows[0]).toMatchObject({ expectedSpans: [] });
    expect(withoutTracing.workflows[0]!.producer).toBeUndefined();
    config.sources.jaeger = { url: "http://127.0.0.1:16686" };
    expect(problemsOf(config)).toEqual([
      "asyncscope.yaml: workflows[0].producer: Required when sources.jaeger is configured (the span that starts the flow)",
      "asyncscope.yaml: workflows[0].expectedSpans: Required when sources.jaeger is configured (the spans a complete trace contains)",
    ]);
  });

  it("reads how old a sample may be: staleAfter, or three scrape intervals", () => {
    const config = validConfig();
    config.sources.prometheus.scrapeInterval = "1m";
    config.sources.rabbitmq.staleAfter = "45s";
    const read = parseConfigText(stringify(config), "asyncscope.yaml", LAB_ENV);
    expect(read.sources.prometheus).toMatchObject({ scrapeInterval: 60 });
    expect(read.sources.prometheus?.staleAfter).toBeUndefined();
    expect(read.sources.rabbitmq?.staleAfter).toBe(45);
    config.sources.prometheus.staleAfter = "soon";
    expect(problemsOf(config)).toEqual([
      'asyncscope.yaml: sources.prometheus.staleAfter: expected a duration such as 30s, 5m or 1h, got "soon"',
    ]);
  });

  it("reports a wrong type with what was expected", () => {
    const config = validConfig();
    config.workflows[0].thresholds = { completenessBelow: "high" };
    expect(problemsOf(config)).toEqual([
      "asyncscope.yaml: workflows[0].thresholds.completenessBelow: Invalid input: expected number, received string",
    ]);
  });

  it("reports unknown keys instead of ignoring them", () => {
    const config = validConfig();
    config.workflows[0].treshold = { noAckFor: "5m" };
    expect(problemsOf(config)).toEqual([
      'asyncscope.yaml: workflows[0]: unknown key "treshold" (check the spelling against docs/configuration.md)',
    ]);
  });

  it("rejects a URL that is not http(s)", () => {
    const config = validConfig();
    config.sources.prometheus.url = "localhost:9090";
    expect(problemsOf(config)).toEqual([
      "asyncscope.yaml: sources.prometheus.url: expected an http:// or https:// URL",
    ]);
  });

  it("names an unset ${VAR} and where it is used", () => {
    expect(problemsOf(validConfig(), { RABBITMQ_USER: "guest" })).toEqual([
      "asyncscope.yaml: sources.rabbitmq.password: environment variable RABBITMQ_PASSWORD is not set (or write ${RABBITMQ_PASSWORD:-default})",
    ]);
  });

  it("refuses a literal password in the file", () => {
    const config = validConfig();
    config.sources.rabbitmq.password = "hunter2";
    const problems = problemsOf(config);
    expect(problems).toEqual([
      "asyncscope.yaml: sources.rabbitmq.password: credentials must come from the environment, write ${SOME_VAR} instead",
    ]);
    expect(problems.join("\n")).not.toContain("hunter2");
  });

  it("rejects a duration it cannot read", () => {
    const config = validConfig();
    config.workflows[0].thresholds = { noAckFor: "5 minutes" };
    expect(problemsOf(config)).toEqual([
      'asyncscope.yaml: workflows[0].thresholds.noAckFor: expected a duration such as 30s, 5m or 1h, got "5 minutes"',
    ]);
  });

  it("rejects duplicate workflow ids (they are URL segments)", () => {
    const config = validConfig();
    config.workflows[1].id = "checkout";
    expect(problemsOf(config)).toEqual([
      'asyncscope.yaml: workflows[1].id: duplicate workflow id "checkout" (also workflows[0])',
    ]);
  });

  it("reports YAML syntax errors with line and column", () => {
    let problems: string[] = [];
    try {
      parseConfigText("version: 1\nsources: [\n", "asyncscope.yaml", {});
    } catch (error) {
      problems = (error as ConfigError).problems;
    }
    expect(problems[0]).toMatch(/^asyncscope\.yaml: line \d+, column \d+: /);
  });

  it("says plainly when the file does not exist", () => {
    expect(() => loadConfigFile("/nonexistent/asyncscope.yaml", {})).toThrow(
      /\/nonexistent\/asyncscope\.yaml: file not found \(set ASYNCSCOPE_CONFIG/,
    );
  });

  it("keeps the example's documented fields in docs/configuration.md", () => {
    const docs = readFileSync(path.resolve(import.meta.dirname, "../../docs/configuration.md"), "utf8");
    for (const field of [
      "noAckFor",
      "completenessBelow",
      "oldestMessageAge",
      "orphanGrace",
      "deadLetterPerMinute",
      "clockSkewTolerance",
      "linkTemplate",
      "expectedSpans",
      "dropCounters",
      "managementUrl",
      "timeoutMs",
      "uiUrl",
      "bearerToken",
      "consumers",
      "vhost",
      "producer",
      "broker",
      "destinations",
      "queue",
      "staleAfter",
      "scrapeInterval",
      "metricNames",
    ]) {
      expect(docs, `docs/configuration.md should document ${field}`).toContain(`\`${field}\``);
    }
  });
});
