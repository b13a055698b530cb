// `down` stops exactly what `up` started and leaves nothing behind: no live pid, no pid file, no
// open lab port, no process running lab code. Runs last (vitest.lab.config.ts sorts by name).
import fs from "node:fs";
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { labOk, paths, ports } from "./helpers";
import { groupAlive, listManaged, portOpen, readPid } from "../../lab/procs";
import { kafkaPort } from "../../lab/kafka/config";
import { natsPorts } from "../../lab/nats/config";
import { redisPorts } from "../../lab/redis/config";

/** The brokers' lab parts keep their ports in their own files (docs/adding-a-broker.md). */
const BROKER_PORTS: Record<string, number> = {
  kafka: kafkaPort,
  "nats client": natsPorts.client,
  "nats monitoring": natsPorts.monitor,
  redis: redisPorts.redis,
  "redis exporter": redisPorts.exporter,
};

describe("lab down", () => {
  it("leaves no process behind", async () => {
    const before = listManaged().map((name) => ({ name, pid: readPid(name)! }));
    expect(before.map((b) => b.name)).toEqual(
      expect.arrayContaining([
        "rabbitmq",
        "epmd",
        "jaeger",
        "prometheus",
        "order-service",
        "kafka",
        "nats-server",
        "redis-server",
        "broker-sampler",
      ]),
    );
    await labOk("down");
    for (const { name, pid } of before) expect(groupAlive(pid), `${name} (pid group ${pid})`).toBe(false);
    expect(listManaged()).toEqual([]);
    for (const [name, port] of Object.entries({ ...ports, ...BROKER_PORTS }))
      expect(await portOpen(port), `${name} port ${port}`).toBe(false);
    // Nothing else of this lab, whatever its pid files said: every process the lab starts
    // carries ASYNCSCOPE_LAB_PROCESS=<this lab> in its environment (lab/procs.ts); none may be left.
    const marker = `ASYNCSCOPE_LAB_PROCESS=${paths.lab}\0`;
    const leftovers: string[] = [];
    for (const pid of fs.readdirSync("/proc").filter((e) => /^\d+$/.test(e))) {
      let environ: string;
      let stat: string;
      try {
        environ = fs.readFileSync(`/proc/${pid}/environ`, "utf8");
        stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      } catch {
        continue; // exited meanwhile, or not ours to read
      }
      const state = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0];
      if (environ.includes(marker) && state !== "Z")
        leftovers.push(`${pid} ${fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ")}`);
    }
    expect(leftovers).toEqual([]);
    const ps = execFileSync("ps", ["-eo", "pid,args"], { encoding: "utf8" });
    expect(ps.split("\n").filter((l) => l.includes(paths.lab))).toEqual([]);
    expect(fs.existsSync(paths.pids) ? fs.readdirSync(paths.pids) : []).toEqual([]);
  });
});
