// The example config as the lab runs it. asyncscope.example.yaml names the lab's default ports;
// when this lab runs on other ports (the LAB_*_PORT variables, e.g. a second lab beside the
// first), its URLs must follow, or the lab tests would judge the other lab.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { host, labDir, portsMovedFromDefault, repoRoot } from "./config";
// Imported for their port() calls, so that every broker's ports are in portsMovedFromDefault.
import "./kafka/config";
import "./nats/config";
import "./redis/config";

export const exampleConfigSource = path.join(repoRoot, "asyncscope.example.yaml");

/** The example's text with every `127.0.0.1:<default port>` moved to the port in use. */
export function labExampleConfigText(exampleText: string): string {
  return exampleText.replace(/(127\.0\.0\.1|localhost):(\d+)\b/g, (whole, _name: string, digits: string) => {
    const moved = portsMovedFromDefault.get(Number(digits));
    return moved === undefined || moved === Number(digits) ? whole : `${host}:${moved}`;
  });
}

/**
 * The example config (the checkouts on RabbitMQ, Kafka, NATS and Redis) on this lab's ports,
 * written under .lab/. Test files in parallel workers, `lab` commands and the e2e-lab servers all
 * call this and read the file: it is replaced whole (a write to a file of this process's own,
 * then a rename), never truncated in place, so none of them can read it half written. A write
 * in place once left 17-alerts' check-state server an empty config as a NATS fault suite beside
 * it rewrote the file.
 */
export function labExampleConfigPath(): string {
  const target = path.join(labDir, "asyncscope.lab.yaml");
  const text = labExampleConfigText(fs.readFileSync(exampleConfigSource, "utf8"));
  if (readIfExists(target) === text) return target;
  fs.mkdirSync(labDir, { recursive: true });
  const written = `${target}.${process.pid}.${randomUUID()}.tmp`;
  try {
    fs.writeFileSync(written, text);
    fs.renameSync(written, target);
  } catch (error) {
    fs.rmSync(written, { force: true });
    throw error;
  }
  return target;
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
