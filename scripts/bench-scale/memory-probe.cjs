// Preloaded into the bench's server (NODE_OPTIONS=--require): on SIGUSR2 it prints the
// process's memory breakdown as one line the bench reads back. Node leaves SIGUSR2 unused
// (SIGUSR1 is the inspector's).
process.on("SIGUSR2", () => {
  const m = process.memoryUsage();
  const mb = (n) => Math.round(n / 1048576);
  process.stderr.write(
    `[memory-probe] ${JSON.stringify({ rss: mb(m.rss), heapTotal: mb(m.heapTotal), heapUsed: mb(m.heapUsed), external: mb(m.external), arrayBuffers: mb(m.arrayBuffers) })}\n`,
  );
});
