// `lab setup`: idempotent. Installs RabbitMQ, Prometheus and Alertmanager from Debian if missing, keeps their
// system services from holding the lab's ports, and builds Jaeger v2 and VictoriaLogs from their Go modules.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { paths } from "./config";
import { writeRabbitConfig } from "./components";
import { buildKafka } from "./kafka/broker";

const JAEGER_MODULE_VERSION = "v1.76.0"; // = Jaeger v2.13.0; see docs/lab.md for why not a commit
const JAEGER_PACKAGE = "github.com/jaegertracing/jaeger/cmd/jaeger";
export const VICTORIALOGS_VERSION = "v1.52.1";
const VICTORIALOGS_PACKAGE = "github.com/VictoriaMetrics/VictoriaLogs/app/victoria-logs";

function has(cmd: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
}

function run(cmd: string, args: string[], opts: { env?: Record<string, string | undefined>; cwd?: string } = {}) {
  console.log(`$ ${cmd} ${args.join(" ")}`);
  execFileSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...opts.env }, cwd: opts.cwd });
}

function dpkgInstalled(pkg: string): boolean {
  const r = spawnSync("dpkg-query", ["-W", "-f=${Status}", pkg], { encoding: "utf8" });
  return r.status === 0 && r.stdout.includes("install ok installed");
}

function installDebianPackages() {
  const wanted = [
    "rabbitmq-server",
    "prometheus",
    "prometheus-alertmanager",
    "redis-server",
    "prometheus-redis-exporter",
    "nats-server",
  ];
  const missing = wanted.filter((p) => !dpkgInstalled(p));
  if (missing.length === 0) {
    console.log(`ok   debian packages present: ${wanted.join(", ")}`);
    return;
  }
  const sudo = process.getuid?.() === 0 ? [] : ["sudo"];
  const apt = (args: string[]) => (sudo.length ? run("sudo", ["apt-get", ...args]) : run("apt-get", args));
  apt(["update"]);
  // policy-rc.d would be cleaner, but the services are stopped right after (see below).
  run(sudo.length ? "sudo" : "env", [
    ...(sudo.length ? ["env"] : []),
    "DEBIAN_FRONTEND=noninteractive",
    "apt-get",
    "install",
    "-y",
    "--no-install-recommends",
    ...missing,
  ]);
}

/**
 * Debian starts rabbitmq-server (and epmd) and prometheus as system services on install; they
 * would hold 5672/15672/4369/9090. The lab runs its own processes, so stop and disable those.
 */
function stopSystemServices() {
  if (!has("systemctl") || !fs.existsSync("/run/systemd/system")) {
    // Without systemd, dpkg may still have started the SysV scripts (containers without a
    // policy-rc.d). Not probed here: `/etc/init.d/rabbitmq-server status` itself starts a system
    // epmd. `up` checks every lab port and names any that is taken.
    console.log(
      "ok   no systemd here; if a system rabbitmq-server or prometheus runs, `up` will name the port it holds",
    );
    return;
  }
  for (const unit of [
    "rabbitmq-server.service",
    "prometheus.service",
    "prometheus-alertmanager.service",
    "epmd.socket",
    "epmd.service",
    "redis-server.service",
    "prometheus-redis-exporter.service",
    // The lab's nats-server runs on its own ports (lab/nats/config.ts); the system one is not needed.
    "nats-server.service",
  ]) {
    const active = spawnSync("systemctl", ["is-active", "--quiet", unit]).status === 0;
    const enabled = spawnSync("systemctl", ["is-enabled", "--quiet", unit]).status === 0;
    if (active || enabled) {
      const sudo = process.getuid?.() === 0 ? [] : ["sudo"];
      run(sudo[0] ?? "systemctl", [...(sudo.length ? ["systemctl"] : []), "disable", "--now", unit]);
    } else {
      console.log(`ok   ${unit} not active`);
    }
  }
}

function buildJaeger() {
  if (fs.existsSync(paths.jaegerBin)) {
    console.log(`ok   jaeger binary present: ${paths.jaegerBin}`);
    return;
  }
  if (!has("go")) throw new Error("Go is required to build Jaeger (https://go.dev/dl/, 1.25 or newer)");
  fs.mkdirSync(path.dirname(paths.jaegerBin), { recursive: true });
  const started = Date.now();
  // lab/jaeger is a wrapper module: jaeger's own go.mod has a `replace`, so `go install …@v`
  // refuses it, but a main module may carry the same replace. go.sum is committed and complete,
  // so the build verifies every download against it without asking the checksum database
  // (which does not know some opentelemetry-collector-contrib versions behind our proxy).
  run(
    "go",
    [
      "build",
      "-trimpath",
      "-o",
      paths.jaegerBin,
      "-ldflags",
      `-s -w -X github.com/jaegertracing/jaeger/internal/version.latestVersion=${JAEGER_MODULE_VERSION}`,
      JAEGER_PACKAGE,
    ],
    { cwd: paths.jaegerModule, env: { GOSUMDB: "off", GOFLAGS: "-mod=readonly" } },
  );
  console.log(`ok   built jaeger in ${Math.round((Date.now() - started) / 1000)} s`);
}

/**
 * VictoriaLogs' module has no `replace` directive, so a plain `go install …@version` builds it
 * (26 s on 2 cores with a warm module cache). GOBIN is a directory: the binary lands there under
 * its package name, and is moved if LAB_VICTORIALOGS_BIN names it differently.
 */
function buildVictoriaLogs() {
  if (fs.existsSync(paths.victoriaLogsBin)) {
    console.log(`ok   victoria-logs binary present: ${paths.victoriaLogsBin}`);
    return;
  }
  if (!has("go")) throw new Error("Go is required to build VictoriaLogs (https://go.dev/dl/, 1.25 or newer)");
  const gobin = path.dirname(paths.victoriaLogsBin);
  fs.mkdirSync(gobin, { recursive: true });
  const started = Date.now();
  // The version stamp is what the project's Makefile sets; without it `-version` prints nothing.
  const ldflags = `-s -w -X github.com/VictoriaMetrics/VictoriaMetrics/lib/buildinfo.Version=victoria-logs-${VICTORIALOGS_VERSION}`;
  run("go", ["install", "-trimpath", "-ldflags", ldflags, `${VICTORIALOGS_PACKAGE}@${VICTORIALOGS_VERSION}`], {
    env: { GOBIN: gobin },
  });
  const built = path.join(gobin, "victoria-logs");
  if (built !== paths.victoriaLogsBin) fs.renameSync(built, paths.victoriaLogsBin);
  console.log(`ok   built victoria-logs ${VICTORIALOGS_VERSION} in ${Math.round((Date.now() - started) / 1000)} s`);
}

export async function setup(): Promise<void> {
  installDebianPackages();
  stopSystemServices();
  for (const bin of [
    "epmd",
    "prometheus",
    "prometheus-alertmanager",
    "/usr/lib/rabbitmq/bin/rabbitmq-server",
    "nats-server",
  ]) {
    if (!has(bin)) throw new Error(`${bin} not found after installing packages`);
  }
  // Plugins: an enabled_plugins file under .lab (same effect as rabbitmq-plugins enable --offline).
  writeRabbitConfig();
  console.log("ok   rabbitmq_management and rabbitmq_prometheus enabled in .lab/rabbitmq/enabled_plugins");
  buildJaeger();
  const version = execFileSync(paths.jaegerBin, ["version"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  console.log(`ok   jaeger: ${version.trim().split("\n").pop()}`);
  buildVictoriaLogs();
  const vl = execFileSync(paths.victoriaLogsBin, ["-version"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  console.log(`ok   victoria-logs: ${vl.trim() || "(no version stamp: built without the -X flag)"}`);
  buildKafka();
}
