// Reading a configured field name out of a document whose shape depends on the shipper:
// Elasticsearch `_source` may hold `service.name` as a dotted key ({"service.name": "a"}) or as
// nested objects ({"service": {"name": "a"}}), or a mix ({"service": {"name.x": …}}).
// OpenSearch's OTel mapping writes `resource.attributes.service@name` (a dot in the attribute
// name replaced by @), which is just another key here.

/** The value at `path` (dots separate levels; a dotted key at any level is tried first); strings and numbers as strings. */
export function readField(doc: unknown, path: string): string | undefined {
  const value = lookup(doc, path);
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

function lookup(doc: unknown, path: string): unknown {
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) return undefined;
  const record = doc as Record<string, unknown>;
  if (path in record) return record[path];
  // Try every split point, longest first key: "a.b.c" → "a.b" + "c", then "a" + "b.c".
  for (let i = path.lastIndexOf("."); i > 0; i = path.lastIndexOf(".", i - 1)) {
    const head = path.slice(0, i);
    if (head in record) {
      const found = lookup(record[head], path.slice(i + 1));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** Flattens a document to dotted keys with string values (arrays and objects as JSON), for `LogLine.fields`. */
export function flattenStrings(doc: unknown, prefix = "", out: Record<string, string> = {}): Record<string, string> {
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) return out;
  for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out[name] = value;
    else if (typeof value === "number" || typeof value === "boolean") out[name] = String(value);
    else if (Array.isArray(value)) out[name] = JSON.stringify(value);
    else if (value && typeof value === "object") flattenStrings(value, name, out);
  }
  return out;
}
