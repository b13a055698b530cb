// npm run bundle:capture -- --workflow checkout --from <RFC3339> --to <RFC3339> --out file.json[.gz] [--label text]
// Captures an evidence bundle from the configured live sources (ASYNCSCOPE_CONFIG) into a
// file: what `npm run lab -- record` uses to make the demo's recordings. Runs with the
// react-server condition, so the app's server-only modules load outside Next.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { captureBundle } from "@/lib/evidence/capture";
import { writeBundleFile } from "@/lib/sources/recording/file";
import { closeSources, sources } from "@/lib/sources/registry";
import { parseWindow } from "@/lib/view/time-range";

const { values } = parseArgs({
  options: {
    workflow: { type: "string", multiple: true },
    from: { type: "string" },
    to: { type: "string" },
    out: { type: "string" },
    label: { type: "string" },
  },
});
if (!values.workflow?.length || !values.out) {
  console.error(
    "usage: npm run bundle:capture -- --workflow <id> [--workflow <id>…] --from <RFC3339> --to <RFC3339> --out <file.json> [--label text]",
  );
  process.exit(2);
}
const window = parseWindow({ from: values.from, to: values.to }, Date.now());
const bundle = await captureBundle(values.workflow, window, values.label);
mkdirSync(path.dirname(path.resolve(values.out)), { recursive: true });
const bytes = writeBundleFile(values.out, bundle);
for (const entry of bundle.workflows) {
  console.log(`${entry.config.id}: ${entry.health.status} — ${entry.health.summary}`);
}
const down = bundle.sources.filter((source) => source.status !== "ok");
if (down.length > 0)
  console.warn(
    `warning: captured with sources not ok: ${down.map((source) => `${source.name} ${source.status} (${source.message})`).join("; ")}`,
  );
console.log(`wrote ${values.out} (${(bytes / 1024).toFixed(0)} KiB)`);
// The process-wide broker clients (a Kafka admin client's connections) would keep it running.
await closeSources(sources());
