// The workflow form from before destinations (`queues: [{ name, vhost, consumers }]`). It was
// RabbitMQ's only, so it still loads as RabbitMQ destinations, through RabbitMQ's own schema
// with `name` read as `queue`; config:check and the server say how to rewrite it (below).
import type { z } from "zod";
import type { DestinationConfig } from "@/lib/domain/destination";
import { rabbitDestinationSchema } from "@/lib/sources/rabbitmq/config";

/** `queue` in the old form is a misspelling, kept apart so it is reported as an unknown key. */
const STRAY = "queue\u0000";

export type DestinationParse =
  { success: true; data: DestinationConfig } | { success: false; error: { issues: readonly z.core.$ZodIssue[] } };

/** One entry of `queues:`, as a RabbitMQ destination; problems name the old field (`name`). */
export function parseLegacyQueue(input: unknown): DestinationParse {
  const renamed =
    input && typeof input === "object" && !Array.isArray(input)
      ? Object.fromEntries(
          Object.entries(input).map(([key, value]) => [
            key === "name" ? "queue" : key === "queue" ? STRAY : key,
            value,
          ]),
        )
      : input;
  const parsed = rabbitDestinationSchema.safeParse(renamed);
  if (parsed.success) return parsed;
  const back = (key: PropertyKey) => (key === "queue" ? "name" : key === STRAY ? "queue" : key);
  const issues = parsed.error.issues.map((issue) =>
    issue.code === "unrecognized_keys"
      ? { ...issue, path: issue.path.map(back), keys: issue.keys.map((key) => String(back(key))) }
      : { ...issue, path: issue.path.map(back) },
  );
  return { success: false, error: { issues } };
}

/** The deprecated forms in a config file as read (before validation), one line each. */
export function deprecations(raw: unknown, fileLabel: string): string[] {
  const workflows = (raw as { workflows?: unknown })?.workflows;
  if (!Array.isArray(workflows)) return [];
  return workflows.flatMap((workflow, index) =>
    workflow && typeof workflow === "object" && "queues" in workflow
      ? [
          `${fileLabel}: workflows[${index}].queues is deprecated (still read, as RabbitMQ queues): write destinations: with queue: instead of name: (vhost and consumers stay the same); see docs/configuration.md`,
        ]
      : [],
  );
}
