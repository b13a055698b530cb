// NATS subject filters: tokens split on ".", `*` matches one token, `>` one or more at the end.
// Two filters overlap when some subject matches both: then both consumers see those messages.

function tokens(subject: string): string[] {
  return subject.split(".");
}

export function filtersOverlap(a: string, b: string): boolean {
  const x = tokens(a);
  const y = tokens(b);
  for (let i = 0; ; i++) {
    const s = x[i];
    const t = y[i];
    if (s === undefined || t === undefined) return s === t; // both ended: the same length
    if (s === ">" || t === ">") return true; // the rest (at least this token) matches
    if (s !== t && s !== "*" && t !== "*") return false;
  }
}

/** Whether any of `a` overlaps any of `b`. */
export function anyOverlap(a: readonly string[], b: readonly string[]): boolean {
  return a.some((x) => b.some((y) => filtersOverlap(x, y)));
}
