// Runs once when a server starts, before it takes requests: validate asyncscope.yaml and
// apply database migrations. A config that cannot be used stops the server with the
// loader's one-line-per-problem message instead of serving pages that would all fail.
export async function register(): Promise<void> {
  // NEXT_RUNTIME is a build-time constant set by Next (not configuration); the edge runtime
  // has no file system, and this app serves nothing from it.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServer } = await import("./lib/startup");
  await startServer();
}
