import { INCIDENT_STATUSES } from "@/lib/incidents/list-query";

interface Props {
  workflows: Array<{ id: string; name: string }>;
  /** The page's query as sent, so the form shows the filters in force (even one refused). */
  params: Record<string, string>;
}

// max-w-full: a select is as wide as its longest option (a workflow's name); on a phone it
// must fit the screen instead.
const FIELD = "max-w-full rounded border border-slate-300 bg-transparent px-2 py-1 dark:border-slate-700";

// A text input shows about 20 characters by default: the date placeholders (25) were cut.
const PLACEHOLDER_SIZE = 26;

/**
 * The incident list's filters as a plain GET form: the filters live in the URL (a link
 * reproduces the list), and it works before any script runs. Submitting starts at page one.
 */
export function IncidentFilters({ workflows, params }: Props) {
  return (
    <form
      method="get"
      action="/incidents"
      aria-label="Filter incidents"
      className="flex flex-wrap items-end gap-3 text-sm"
    >
      <label className="flex max-w-full min-w-0 flex-col gap-1">
        Status
        <select name="status" defaultValue={params.status ?? ""} className={FIELD}>
          <option value="">any</option>
          <option value="open">open (not resolved)</option>
          {INCIDENT_STATUSES.map((status) => (
            <option key={status} value={status}>
              {status}
            </option>
          ))}
        </select>
      </label>
      <label className="flex max-w-full min-w-0 flex-col gap-1">
        Workflow
        <select name="workflow" defaultValue={params.workflow ?? ""} className={FIELD}>
          <option value="">any</option>
          {workflows.map((workflow) => (
            <option key={workflow.id} value={workflow.id}>
              {workflow.name}
            </option>
          ))}
          {/* A workflow gone from the config still has incidents: the filter in force stays shown. */}
          {params.workflow && !workflows.some((workflow) => workflow.id === params.workflow) ? (
            <option value={params.workflow}>{params.workflow} (not in the config)</option>
          ) : null}
        </select>
      </label>
      <label className="flex max-w-full min-w-0 flex-col gap-1">
        Started from
        <input
          name="startedFrom"
          defaultValue={params.startedFrom ?? ""}
          placeholder="2026-11-23 or …T14:03:00Z"
          size={PLACEHOLDER_SIZE}
          className={FIELD}
        />
      </label>
      <label className="flex max-w-full min-w-0 flex-col gap-1">
        Started before
        <input
          name="startedTo"
          defaultValue={params.startedTo ?? ""}
          placeholder="2026-11-24 or …T14:03:00Z"
          size={PLACEHOLDER_SIZE}
          className={FIELD}
        />
      </label>
      <button
        type="submit"
        className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
      >
        Filter
      </button>
    </form>
  );
}
