// Declared consumers, in their neutral form. The config accepts a bare name (the consumer's
// client-given name or service) or an object of identity globs; both become a matcher, a map
// from identity to glob, where "name" stands for the bare form. Matching: lib/analysis/consumers.ts.
import type { z } from "zod";
import type { ConsumerMatcher } from "@/lib/domain/destination";
import type { ConsumerMatcherInput } from "./fields";

export type { ConsumerMatcher };

/** Bare names become `{ name }`; object keys must be identities the broker gives. */
export function normaliseMatchers(
  input: readonly ConsumerMatcherInput[],
  identities: readonly string[],
  ctx: z.core.$RefinementCtx<unknown>,
): ConsumerMatcher[] {
  return input.map((matcher, index) => {
    if (typeof matcher === "string") return { name: matcher };
    for (const key of Object.keys(matcher)) {
      if (key !== "name" && !identities.includes(key)) {
        ctx.addIssue({
          code: "custom",
          path: ["consumers", index, key],
          message: `unknown consumer identity "${key}" (this broker gives: name, ${identities.join(", ")})`,
        });
      }
    }
    return matcher;
  });
}

/** How a matcher reads in sentences and in the config: "notification-service", "product=amqplib hostname=web-*". */
export function matcherText(matcher: ConsumerMatcher): string {
  const keys = Object.keys(matcher);
  if (keys.length === 1 && keys[0] === "name") return matcher.name!;
  return keys.map((key) => `${key}=${matcher[key]}`).join(" ");
}
