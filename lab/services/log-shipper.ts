// Ships a service's JSON log lines to VictoriaLogs, the way a log agent would: buffered, sent in
// batches to /insert/jsonline, with a bounded buffer. Nothing is lost without a word: a failed
// push and every line dropped are reported on stderr (the service's .lab/logs/<name>.out).

export interface LogShipper {
  /** Queue one JSON line (without the newline). */
  push(line: string): void;
  /** Send everything buffered now; resolves when the store answered (or the push failed). */
  flush(): Promise<void>;
  /** Stop the timer and send what is left. */
  close(): Promise<void>;
}

export interface LogShipperOptions {
  service: string;
  /** VictoriaLogs base URL, e.g. http://127.0.0.1:9428. */
  url: string;
  flushIntervalMs?: number;
  /** A batch is sent as soon as this many lines wait. */
  batchLines?: number;
  /** Lines kept while the store is unreachable; beyond it the oldest are dropped (and counted). */
  maxBufferedLines?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Where failures are reported; stderr by default. */
  report?: (message: string) => void;
}

/** How often repeated failures are summarised, so a store that is down does not flood stderr. */
const REPORT_EVERY_MS = 10_000;

/** fetch says only "fetch failed"; the reason (ECONNREFUSED, a timeout) is in `cause`. */
function describe(err: unknown): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  const cause = e.cause?.code ?? e.cause?.message;
  return cause ? `${e.message}: ${cause}` : e.message;
}

export function insertUrl(base: string): string {
  // service is the stream (the one field every query narrows by); msg becomes _msg and time,
  // the service's own clock (skew included), becomes _time.
  const q = new URLSearchParams({ _stream_fields: "service", _msg_field: "msg", _time_field: "time" });
  return `${base}/insert/jsonline?${q}`;
}

export function createLogShipper(opts: LogShipperOptions): LogShipper {
  const {
    service,
    flushIntervalMs = 500,
    batchLines = 200,
    maxBufferedLines = 10_000,
    timeoutMs = 5000,
    fetch: doFetch = fetch,
    report = (m: string) => console.error(`${new Date().toISOString()} ${service} log shipper: ${m}`),
  } = opts;
  const url = insertUrl(opts.url);

  let buffer: string[] = [];
  let inFlight: Promise<void> | undefined;
  let closed = false;
  // Failure accounting, summarised at most every REPORT_EVERY_MS.
  let failedPushes = 0;
  let dropped = 0;
  let droppedReported = 0;
  let lastError = "";
  let reportedAt = 0;

  const summarise = (force: boolean) => {
    const now = Date.now();
    if (!force && now - reportedAt < REPORT_EVERY_MS) return;
    reportedAt = now;
    droppedReported = dropped;
    report(
      `${failedPushes} push(es) to ${opts.url} failed in a row (last: ${lastError}); ` +
        `${buffer.length} line(s) waiting, ${dropped} dropped so far because the buffer (${maxBufferedLines} lines) was full`,
    );
  };

  /** Keep the newest maxBufferedLines; count what goes. */
  const trim = () => {
    const over = buffer.length - maxBufferedLines;
    if (over > 0) {
      buffer = buffer.slice(over);
      dropped += over;
    }
  };

  const send = async (): Promise<void> => {
    if (buffer.length === 0) return;
    const batch = buffer;
    buffer = [];
    try {
      const res = await doFetch(url, {
        method: "POST",
        headers: { "content-type": "application/stream+json" },
        body: batch.join("\n") + "\n",
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
      await res.body?.cancel();
      if (failedPushes > 0 || dropped > droppedReported) {
        report(
          `pushes to ${opts.url} work again after ${failedPushes} failure(s); ${dropped} line(s) dropped in total`,
        );
        failedPushes = 0;
        droppedReported = dropped;
      }
    } catch (err) {
      failedPushes++;
      lastError = describe(err);
      // Put the batch back in front for the next attempt; the bound still holds.
      buffer = [...batch, ...buffer];
      trim();
      summarise(failedPushes === 1 || closed);
    }
  };

  const flush = async (): Promise<void> => {
    // One request at a time; a flush during a push waits for it and then sends the rest.
    while (inFlight) await inFlight;
    inFlight = send().finally(() => {
      inFlight = undefined;
    });
    await inFlight;
  };

  const timer = setInterval(() => void flush(), flushIntervalMs);
  // The service's own servers and connections keep it alive; this timer must not.
  timer.unref();

  return {
    push(line) {
      buffer.push(line);
      trim();
      if (buffer.length >= batchLines && !inFlight) void flush();
    },
    flush,
    async close() {
      closed = true;
      clearInterval(timer);
      await flush();
      if (buffer.length > 0) {
        report(`exiting with ${buffer.length} line(s) not delivered to ${opts.url} (they are in the .log file)`);
      }
    },
  };
}
