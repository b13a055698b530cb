// ${VAR} interpolation for asyncscope.yaml. Secrets live in the environment, never in the
// file, so the file can be committed and pasted into a review without leaking anything.

/** `${NAME}` or `${NAME:-fallback}`; NAME follows POSIX shell rules. */
const REFERENCE_PATTERN = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;
const WHOLE_REFERENCE_PATTERN = /^\$\{[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\}$/;

export type EnvLookup = Readonly<Record<string, string | undefined>>;

export interface UnsetVariable {
  /** Where the reference sits, as a path into the document: ["sources", "rabbitmq", "password"]. */
  path: (string | number)[];
  variable: string;
}

/** True when a string is exactly one `${VAR}` reference (what credential fields require). */
export function isWholeReference(text: string): boolean {
  return WHOLE_REFERENCE_PATTERN.test(text);
}

/**
 * Replaces every `${VAR}` in the string leaves of a parsed YAML document. Unset variables
 * without a fallback are collected, not replaced by "", so the caller can name each one.
 */
export function interpolateDocument(document: unknown, env: EnvLookup): { value: unknown; unset: UnsetVariable[] } {
  const unset: UnsetVariable[] = [];
  const visit = (node: unknown, path: (string | number)[]): unknown => {
    if (typeof node === "string") {
      return node.replace(REFERENCE_PATTERN, (reference, name: string, fallback: string | undefined) => {
        const fromEnv = env[name];
        if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
        if (fallback !== undefined) return fallback;
        unset.push({ path, variable: name });
        return reference;
      });
    }
    if (Array.isArray(node)) return node.map((item, index) => visit(item, [...path, index]));
    if (node !== null && typeof node === "object") {
      return Object.fromEntries(
        Object.entries(node as Record<string, unknown>).map(([key, child]) => [key, visit(child, [...path, key])]),
      );
    }
    return node;
  };
  return { value: visit(document, []), unset };
}
