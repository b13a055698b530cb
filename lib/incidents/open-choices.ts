import "server-only";
import { db } from "@/lib/db/client";
import { listIncidentsPage } from "./list";
import { DEFAULT_INCIDENT_PAGE_SIZE } from "./list-query";

export type OpenIncidentChoices =
  | {
      ok: true;
      choices: Array<{ id: string; title: string }>;
      /** More open incidents than the first page holds: the picker loads them from GET /api/incidents. */
      nextCursor: string | null;
    }
  | { ok: false; problem: string };

/**
 * The open incidents a workflow page offers to add evidence to. A database failure must not
 * take the workflow page down with it: the page still shows the workflow, and the actions
 * say why incidents are unavailable (and the server log has the cause).
 */
export async function openIncidentChoices(): Promise<OpenIncidentChoices> {
  try {
    const open = await listIncidentsPage(await db(), { status: "open", limit: DEFAULT_INCIDENT_PAGE_SIZE });
    return {
      ok: true,
      choices: open.items.map((incident) => ({ id: incident.id, title: incident.title })),
      nextCursor: open.nextCursor,
    };
  } catch (error) {
    const problem = error instanceof Error ? error.message : String(error);
    console.error(`[incidents] listing open incidents for a workflow page failed: ${problem}`);
    // Shown to every visitor of a workflow page: the cause (hosts, users, paths) stays in the log.
    return { ok: false, problem: "the incident database is unavailable (see the server log)" };
  }
}
