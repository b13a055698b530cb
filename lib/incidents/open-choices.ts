import "server-only";
import { db } from "@/lib/db/client";
import { listOpenIncidents } from "./repository";

export type OpenIncidentChoices =
  { ok: true; choices: Array<{ id: string; title: string }> } | { ok: false; problem: string };

/**
 * The open incidents a workflow page offers to add evidence to. A database failure must not
 * take the workflow page down with it: the page still shows the workflow, and the actions
 * say why incidents are unavailable (and the server log has the cause).
 */
export async function openIncidentChoices(): Promise<OpenIncidentChoices> {
  try {
    const open = await listOpenIncidents(await db());
    return { ok: true, choices: open.map((incident) => ({ id: incident.id, title: incident.title })) };
  } catch (error) {
    const problem = error instanceof Error ? error.message : String(error);
    console.error(`[incidents] listing open incidents for a workflow page failed: ${problem}`);
    // Shown to every visitor of a workflow page: the cause (hosts, users, paths) stays in the log.
    return { ok: false, problem: "the incident database is unavailable (see the server log)" };
  }
}
