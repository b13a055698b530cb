// Elasticsearch and OpenSearch answer 200 with what they found in time and on the shards that
// answered: `timed_out` and `_shards.failed` say the answer is partial. A silence read from such an
// answer proves nothing, so the reasons travel with it (LogActivity.partial, TraceLogLines.partial).

interface PartialMarkers {
  timed_out?: boolean;
  _shards?: { total: number; successful: number; failed: number; failures?: unknown[] };
}

/** Why this answer is partial, in words, or nothing when it is whole. `what` names the query. */
export function partialReasons(body: PartialMarkers, what: string, storeName: string): string[] {
  const reasons: string[] = [];
  if (body.timed_out) reasons.push(`${storeName} timed out on the ${what} query and answered with what it had found`);
  const shards = body._shards;
  if (shards && shards.failed > 0) {
    const first = firstFailureReason(shards.failures);
    reasons.push(
      `${storeName} answered the ${what} query from ${shards.successful} of ${shards.total} shards (${shards.failed} failed${first ? `: ${first}` : ""})`,
    );
  }
  return reasons;
}

function firstFailureReason(failures: unknown[] | undefined): string | undefined {
  const failure = failures?.[0];
  if (typeof failure !== "object" || failure === null) return undefined;
  const reason = (failure as { reason?: unknown }).reason;
  if (typeof reason === "string") return reason.slice(0, 200);
  if (typeof reason === "object" && reason !== null) {
    const { type, reason: text } = reason as { type?: unknown; reason?: unknown };
    const said = [type, text].filter((v) => typeof v === "string").join(": ");
    return said ? said.slice(0, 200) : undefined;
  }
  return undefined;
}
