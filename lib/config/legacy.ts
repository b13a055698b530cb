// The workflow form from before destinations (`queues: [{ name, vhost, consumers }]`). It was
// RabbitMQ's only, so it still loads as RabbitMQ destinations; config:check and the server log
// say how to rewrite it (deprecations.ts).
import { z } from "zod";
import type { DestinationConfig } from "./schema";
import { consumerMatcher } from "./fields";
import { normaliseMatchers } from "./consumers";
import { RABBIT_CONSUMER_IDENTITIES, queueRef } from "@/lib/sources/rabbitmq/config";

export const legacyQueueSchema = z
  .strictObject({
    name: z.string().min(1),
    vhost: z.string().min(1).default("/"),
    consumers: z.array(consumerMatcher),
  })
  .transform((input, ctx): DestinationConfig => ({
    ref: queueRef(input.vhost, input.name),
    consumers: normaliseMatchers(input.consumers, RABBIT_CONSUMER_IDENTITIES, ctx),
  }));

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
