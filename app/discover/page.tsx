import type { Metadata } from "next";
import { connection } from "next/server";
import { appConfig, configFilePath } from "@/lib/config";
import { parseDurationSeconds } from "@/lib/config/duration";
import { discoverPageData } from "@/lib/discovery/page-data";
import { proposalFlow } from "@/lib/discovery/proposal-flow";
import { BROKERS, isBrokerName } from "@/lib/sources/brokers";
import { DiscoverGroups } from "./proposals";

export const metadata: Metadata = { title: "Discover workflows" };

const DEFAULT_WINDOW = "1h";
const MAX_WINDOW_SECONDS = 24 * 3600;

/** /discover – workflows proposed from the broker and the traces, to accept into asyncscope.yaml. */
export default async function DiscoverPage({ searchParams }: { searchParams: Promise<{ window?: string }> }) {
  await connection(); // reads the sources now, never at build time
  const { window: asked } = await searchParams;
  const seconds = parseDurationSeconds(asked ?? DEFAULT_WINDOW);
  const windowText = seconds && seconds > 0 && seconds <= MAX_WINDOW_SECONDS ? asked! : DEFAULT_WINDOW;
  const windowSeconds = parseDurationSeconds(windowText)!;
  const config = appConfig();
  const data = await discoverPageData(config, {
    configFile: configFilePath(),
    nowMs: Date.now(),
    windowMs: windowSeconds * 1000,
  });
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Discover workflows</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Workflows proposed from what the broker and the traces show (traces of the last {windowText}), each part with
          the evidence behind it. Tick the ones to keep, rename them, then download or copy the config.{" "}
          {asked && windowText !== asked ? `(window "${asked}" not understood or over 24h: using ${windowText}) ` : ""}
        </p>
        {data.workflowsConfigured === 0 ? (
          <p className="mt-3 rounded-md border border-sky-300 bg-sky-50 p-3 text-sm dark:border-sky-800 dark:bg-sky-950">
            <span className="font-mono">{data.configFile}</span> declares no workflow yet, so Asyncscope opens here. Put
            the accepted workflows in that file (or point <span className="font-mono">ASYNCSCOPE_CONFIG</span> at the
            downloaded one) and restart to get a page per workflow.
          </p>
        ) : null}
      </div>
      {data.needs.length > 0 ? (
        <section aria-labelledby="needs" className="rounded-lg border border-amber-300 p-4 dark:border-amber-800">
          <h2 id="needs" className="font-semibold">
            Nothing to discover from yet
          </h2>
          <p className="mt-1 text-sm">
            <span className="font-mono">{data.configFile}</span> names no source. Discovery needs, under{" "}
            <span className="font-mono">sources:</span> (see docs/discovery.md):
          </p>
          <ul className="mt-2 list-disc pl-6 text-sm">
            {data.needs.map((need) => (
              <li key={need}>{need}</li>
            ))}
          </ul>
          <p className="mt-2 text-sm">
            Or, from a terminal: <span className="font-mono">npm run config:discover</span> reads the local defaults.
          </p>
        </section>
      ) : null}
      <DiscoverGroups
        groups={data.groups}
        flows={data.groups.map(
          (g) =>
            g.result?.proposals.map((p) =>
              proposalFlow(p, isBrokerName(p.broker) ? BROKERS[p.broker].vocabulary : undefined),
            ) ?? [],
        )}
      />
    </div>
  );
}
