// A parsed config (or a part of it) compared by content, not as an object. Next.js bundles
// instrumentation.ts (the check sweep), the pages and the API routes apart, each with its own
// copy of the config module: their config and workflow objects are equal, never identical. The
// text is made once per object (weakly held), so comparing costs a lookup after the first time.
// Parsed configs are plain data (the loader's schema makes no functions, dates or RegExps), so
// JSON holds all of it.
const keys = new WeakMap<object, string>();

export function contentKey(parsed: object): string {
  let key = keys.get(parsed);
  if (key === undefined) keys.set(parsed, (key = JSON.stringify(parsed)));
  return key;
}
