// A tiny log search over the services' JSON logs, so a workflow's "log link template" has
// something real to open in the lab:
//   GET /logs?traceId=<32 hex>&from=<ISO or epoch ms>&to=<…>&service=<name>&limit=<n>
// Answers {query, count, truncated, lines:[…]} with the matching JSON lines, oldest first.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import readline from "node:readline";
import { paths, ports } from "../config";

function parseTime(raw: string | null): number | undefined {
  if (raw === null || raw === "") return undefined;
  const n = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (Number.isNaN(n)) throw new Error(`cannot parse time "${raw}"`);
  return n;
}

async function search(q: { traceId?: string; service?: string; from?: number; to?: number; limit: number }) {
  const files = fs.existsSync(paths.logs)
    ? fs.readdirSync(paths.logs).filter((f) => f.endsWith(".log") && (!q.service || f === `${q.service}.log`))
    : [];
  const lines: Record<string, unknown>[] = [];
  let unparsable = 0;
  for (const file of files) {
    const rl = readline.createInterface({ input: fs.createReadStream(path.join(paths.logs, file)) });
    for await (const text of rl) {
      if (q.traceId && !text.includes(q.traceId)) continue; // cheap pre-filter
      let line: Record<string, unknown>;
      try {
        line = JSON.parse(text) as Record<string, unknown>;
      } catch {
        unparsable++; // counted and reported in the answer, not hidden
        continue;
      }
      if (q.traceId && line.trace_id !== q.traceId) continue;
      const time = Date.parse(String(line.time));
      if (q.from !== undefined && time < q.from) continue;
      if (q.to !== undefined && time > q.to) continue;
      lines.push(line);
    }
  }
  lines.sort((a, b) => String(a.time).localeCompare(String(b.time)));
  return {
    count: lines.length,
    truncated: lines.length > q.limit,
    unparsableLines: unparsable,
    lines: lines.slice(-q.limit),
  };
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url ?? "/", "http://localhost");
  res.setHeader("content-type", "application/json");
  if (url.pathname === "/healthz") {
    res.end('{"ok":true}');
    return;
  }
  if (url.pathname !== "/logs") {
    res.statusCode = 404;
    res.end(JSON.stringify({ error: "GET /logs?traceId=&from=&to=&service=&limit=" }));
    return;
  }
  try {
    const traceId = url.searchParams.get("traceId") ?? undefined;
    if (traceId !== undefined && !/^[0-9a-f]{32}$/.test(traceId))
      throw new Error("traceId must be 32 lower-case hex digits");
    const query = {
      traceId,
      service: url.searchParams.get("service") ?? undefined,
      from: parseTime(url.searchParams.get("from")),
      to: parseTime(url.searchParams.get("to")),
      limit: Math.min(Number(url.searchParams.get("limit") ?? 500) || 500, 5000),
    };
    const result = await search(query);
    res.end(JSON.stringify({ query, ...result }));
  } catch (err) {
    res.statusCode = 400;
    res.end(JSON.stringify({ error: (err as Error).message }));
  }
});
server.listen(ports.logSearch, "127.0.0.1", () => console.log(`log search on 127.0.0.1:${ports.logSearch}`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
