// Drift of the example's checkout workflow against the lab's recordings: none when the system
// matches the config, and each kind when the config is made older than the system.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfigFile } from "@/lib/config/loader";
import { readBundleFile } from "@/lib/sources/recording/file";
import { configDrift } from "./drift";
import { discoveryInputFromRecording } from "./from-recording";

const root = path.resolve(import.meta.dirname, "../..");
const example = loadConfigFile(path.join(root, "asyncscope.example.yaml"), {}).workflows[0]!;
const silentDrop = discoveryInputFromRecording(
  readBundleFile(path.join(root, "demo/bundles/silent-drop.json.gz")).workflows[0]!.signals,
);

describe("configDrift", () => {
  it("finds none when the config says what the system does", () => {
    expect(configDrift(example, silentDrop)).toEqual([]);
  });

  it("names a consumer, a span and a destination the config does not match", () => {
    const older = {
      ...example,
      // Written before inventory-service took over the queue and before stock.update existed,
      // and still naming a queue that nothing publishes to now.
      destinations: [
        ...example.destinations.map((d) =>
          d.ref.name === "order_confirmed.inventory" ? { ...d, consumers: [{ name: "legacy-stock" }] } : d,
        ),
        {
          ref: { key: "//orders.audit", name: "orders.audit", identity: { vhost: "/", queue: "orders.audit" } },
          consumers: [],
        },
      ],
      expectedSpans: example.expectedSpans.filter((s) => s.span !== "stock.update"),
    };
    expect(configDrift(older, silentDrop)).toEqual([
      {
        kind: "new-consumer",
        text: "order_confirmed.inventory: inventory-service consumes it (processes order_confirmed.inventory in 1000 of 1000 traces; attached now as inventory-service)",
      },
      {
        kind: "not-receiving",
        text: "orders.audit: no trace of the 1000 read reaches it any more (declared, not seen)",
      },
      {
        kind: "new-span",
        text: 'inventory-service "stock.update" (follows inventory-service process order_confirmed.inventory in 726 of the 1000 traces that have it)',
      },
    ]);
  });
});
