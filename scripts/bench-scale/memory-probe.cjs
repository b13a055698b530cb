// Preloaded into the bench's server (NODE_OPTIONS=--require): on SIGUSR2 it prints the
// process's memory breakdown as one line the bench reads back, then the heap and RSS after a
// full GC (live data, not garbage awaiting collection). Node leaves SIGUSR2 unused (SIGUSR1 is
// the inspector's).
const v8 = require("node:v8");
const vm = require("node:vm");

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc");

process.on("SIGUSR2", () => {
  const mb = (n) => Math.round(n / 1048576);
  const m = process.memoryUsage();
  gc();
  const after = process.memoryUsage();
  process.stderr.write(
    `[memory-probe] ${JSON.stringify({ rss: mb(m.rss), heapTotal: mb(m.heapTotal), heapUsed: mb(m.heapUsed), external: mb(m.external), arrayBuffers: mb(m.arrayBuffers), afterGcRss: mb(after.rss), afterGcHeapUsed: mb(after.heapUsed), afterGcExternal: mb(after.external) })}\n`,
  );
});
