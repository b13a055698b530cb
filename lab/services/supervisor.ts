// A minimal process supervisor, like systemd's Restart=always: runs a command and restarts it
// whenever it exits, with exponential back-off (1 s doubling to 30 s; reset after 60 s of uptime).
// Usage: supervisor.ts <name> -- <command> [args…]
import { spawn, type ChildProcess } from "node:child_process";

const sep = process.argv.indexOf("--");
const name = process.argv[2];
const [command, ...args] = process.argv.slice(sep + 1);
if (!name || sep < 0 || !command) {
  console.error("usage: supervisor.ts <name> -- <command> [args…]");
  process.exit(2);
}

let child: ChildProcess | undefined;
let backoffMs = 1000;
let restarts = 0;
let stopping = false;

function run() {
  const startedAt = Date.now();
  child = spawn(command!, args, { stdio: "inherit" });
  child.on("exit", (code, signal) => {
    child = undefined;
    if (stopping) process.exit(0);
    if (Date.now() - startedAt > 60_000) backoffMs = 1000;
    restarts++;
    console.log(
      `${new Date().toISOString()} supervisor: ${name} exited (code ${code}, signal ${signal}); restart #${restarts} in ${backoffMs} ms`,
    );
    setTimeout(run, backoffMs);
    backoffMs = Math.min(backoffMs * 2, 30_000);
  });
}
run();

process.on("SIGTERM", () => {
  stopping = true;
  if (child) child.kill("SIGTERM");
  else process.exit(0);
});
