// `down` stops exactly what `up` started and leaves nothing behind: no live pid, no pid file, no
// open lab port, no process running lab code. Runs last (vitest.lab.config.ts sorts by name).
import fs from "node:fs";
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { labOk, paths, ports } from "./helpers";
import { groupAlive, listManaged, portOpen, readPid } from "../../lab/procs";

describe("lab down", () => {
  it("leaves no process behind", async () => {
    const before = listManaged().map((name) => ({ name, pid: readPid(name)! }));
    expect(before.map((b) => b.name)).toEqual(expect.arrayContaining(["rabbitmq", "epmd", "jaeger", "prometheus", "order-service"]));
    await labOk("down");
    for (const { name, pid } of before) expect(groupAlive(pid), `${name} (pid group ${pid})`).toBe(false);
    expect(listManaged()).toEqual([]);
    for (const [name, port] of Object.entries(ports)) expect(await portOpen(port), `${name} port ${port}`).toBe(false);
    // Nothing else running lab code or lab state, whatever its pid file said.
    const ps = execFileSync("ps", ["-eo", "pid,args"], { encoding: "utf8" });
    const leftovers = ps.split("\n").filter((l) => l.includes(paths.lab) || l.includes("lab/services/") || /beam\.smp.*asyncscope-lab/.test(l));
    expect(leftovers).toEqual([]);
    expect(fs.existsSync(paths.pids) ? fs.readdirSync(paths.pids) : []).toEqual([]);
  });
});
