// The example config as the lab runs it. asyncscope.example.yaml names the lab's default ports;
// when this lab runs on other ports (the LAB_*_PORT variables, e.g. a second lab beside the
// first), its URLs must follow, or the lab tests would judge the other lab.
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

/** The example config (the checkouts on RabbitMQ, Kafka, NATS and Redis) on this lab's ports, written under .lab/. */
export function labExampleConfigPath(): string {
  const target = path.join(labDir, "asyncscope.lab.yaml");
  fs.mkdirSync(labDir, { recursive: true });
  fs.writeFileSync(target, labExampleConfigText(fs.readFileSync(exampleConfigSource, "utf8")));
  return target;
}
