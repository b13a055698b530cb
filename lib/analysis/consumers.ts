// Is a consumer one the workflow declares? A declared name matches the consumer's label (the
// name its client gave itself, else the broker's) exactly, as a prefix followed by - @ : or /
// ("inventory-service" matches "inventory-service-7f9c"), or as a glob; a declared object of
// identities matches when each of its globs matches that identity. So a client library that
// sets no connection name can still be declared, by consumer tag, product, host or user.
import picomatch from "picomatch";
import type { ConsumerMatcher } from "@/lib/config/consumers";
import type { ConsumerIdentity } from "@/lib/domain/destination";

const GLOB = /[*?[\]]/;
const compiled = new Map<string, (text: string) => boolean>();

/** A glob over a whole identity; `*` also spans "/" and ".", identities are not paths. */
function glob(pattern: string): (text: string) => boolean {
  let test = compiled.get(pattern);
  if (!test) {
    test = picomatch(pattern, { bash: true, dot: true, nonegate: true });
    compiled.set(pattern, test);
  }
  return test;
}

export function nameMatches(name: string, declared: string): boolean {
  if (GLOB.test(declared)) return glob(declared)(name);
  return (
    name === declared ||
    name.startsWith(`${declared}-`) ||
    name.startsWith(`${declared}@`) ||
    name.startsWith(`${declared}:`) ||
    name.startsWith(`${declared}/`)
  );
}

export function matcherMatches(consumer: ConsumerIdentity, matcher: ConsumerMatcher): boolean {
  return Object.entries(matcher).every(([identity, pattern]) => {
    if (identity === "name") return !consumer.anonymous && nameMatches(consumer.label, pattern);
    const value = consumer.attributes[identity];
    return value !== undefined && (GLOB.test(pattern) ? glob(pattern)(value) : value === pattern);
  });
}

/** True when any declared matcher matches. */
export function isDeclared(consumer: ConsumerIdentity, declared: readonly ConsumerMatcher[]): boolean {
  return declared.some((matcher) => matcherMatches(consumer, matcher));
}
