import { z } from "zod";
import { parseTrustedProxy, type TrustedProxy } from "@/lib/api/trusted-proxies";

// The only reader of process.env. Everything else receives settings as arguments, so
// tests can pass their own and nothing changes behaviour behind a caller's back.

/** Why `text` cannot be the public base URL, or undefined when it can. */
function publicUrlProblem(text: string): string | undefined {
  if (!URL.canParse(text)) return "expected an absolute URL such as https://asyncscope.example.com";
  const url = new URL(text);
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return "expected an http:// or https:// URL such as https://asyncscope.example.com";
  if (url.search !== "" || url.hash !== "")
    return "expected a base URL without ?query or #fragment (paths are appended to it)";
  return undefined;
}

/** One CSP host-source or scheme-source: https://grafana.example.com, *.example.com:443, https: */
const FRAME_SOURCE =
  /^(?:[a-z][a-z0-9+.-]*:|(?:[a-z][a-z0-9+.-]*:\/\/)?(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::(?:\d{1,5}|\*))?)$/i;

/** Why `text` cannot be a frame-ancestors source list (it becomes part of a header), or undefined. */
function frameAncestorsProblem(text: string): string | undefined {
  const sources = text.split(/\s+/);
  if (sources.length === 1 && sources[0] === "'none'") return undefined;
  const bad = sources.find((source) => source !== "'self'" && !FRAME_SOURCE.test(source));
  return bad === undefined
    ? undefined
    : `${JSON.stringify(bad)}: expected 'none' alone, or sources such as 'self' https://grafana.example.com (space-separated)`;
}

const SWEEP_SECONDS_MESSAGE =
  "expected a whole number of seconds from 0 to 120, e.g. 30 (0 turns it off; the exported rules call the state old after 5 minutes)";

const RETENTION_DAYS_MESSAGE = "expected a whole number of days, e.g. 30 (0 keeps them forever)";

const envFields = z.object({
  /** Path of the config file; relative paths resolve from the working directory. */
  ASYNCSCOPE_CONFIG: z.string().min(1).default("asyncscope.yaml"),
  /** Postgres for teams (postgres://…). Unset: embedded PGlite under ASYNCSCOPE_DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "expected a postgres:// or postgresql:// URL")
    .optional(),
  /** Folder for the embedded database; git-ignored. */
  ASYNCSCOPE_DATA_DIR: z.string().min(1).default(".data"),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /**
   * Name of a header set by a trusted SSO proxy with the signed-in user (e.g. X-Forwarded-User).
   * Set: writes (incidents, notes, evidence, share links) without it are refused. Unset: local
   * use, writes are anonymous unless the form names an author.
   */
  ASYNCSCOPE_AUTH_HEADER: z
    .string()
    .regex(/^[A-Za-z0-9-]+$/, "expected an HTTP header name such as X-Forwarded-User")
    .optional(),
  /**
   * The sign-in proxy's addresses (comma-separated IPs and CIDRs, IPv4 and IPv6, e.g.
   * 127.0.0.1,10.0.0.0/8,::1): ASYNCSCOPE_AUTH_HEADER is believed only on requests whose TCP
   * peer is one of them (proxy.ts); from anywhere else a request carrying it is refused (403).
   * Required with ASYNCSCOPE_AUTH_HEADER (see the check below the object).
   */
  ASYNCSCOPE_TRUSTED_PROXIES: z
    .string()
    .transform((text, ctx) => {
      const proxies: TrustedProxy[] = [];
      for (const entry of text
        .split(",")
        .map((part) => part.trim())
        .filter(Boolean)) {
        const parsed = parseTrustedProxy(entry);
        if ("problem" in parsed) ctx.addIssue({ code: "custom", message: parsed.problem });
        else proxies.push(parsed.proxy);
      }
      return proxies;
    })
    .optional(),
  /**
   * Absolute URL people reach this app at, for links in exports and previews (default: the
   * request's origin). http(s) only: it becomes the start of every link in a review, and a
   * javascript: or file: base would turn those links into something else. Paths are appended
   * to it, so a query or fragment would break them.
   */
  ASYNCSCOPE_PUBLIC_URL: z
    .string()
    .superRefine((text, ctx) => {
      const problem = publicUrlProblem(text);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .optional(),
  /**
   * More origins (comma-separated, e.g. https://asyncscope.corp,https://ops.corp) whose pages
   * may change things here, besides ASYNCSCOPE_PUBLIC_URL's. Neither set: only pages served
   * from the Host the request came to. Everything else is refused as cross-site (403).
   */
  ASYNCSCOPE_ALLOWED_ORIGINS: z
    .string()
    .transform((text, ctx) => {
      const origins: string[] = [];
      for (const item of text
        .split(",")
        .map((part) => part.trim())
        .filter(Boolean)) {
        const problem = publicUrlProblem(item);
        const url = problem ? undefined : new URL(item);
        if (!url || url.pathname !== "/") {
          ctx.addIssue({
            code: "custom",
            message: `${JSON.stringify(item)}: expected an origin such as https://asyncscope.example.com (scheme, host, port; no path)`,
          });
          continue;
        }
        origins.push(url.origin);
      }
      return origins;
    })
    .optional(),
  /**
   * Who may show the app in a frame: a CSP frame-ancestors source list, e.g. 'self' or
   * https://grafana.corp. Default 'none': nobody (a framed incident page with working buttons
   * is a clickjacking target).
   */
  ASYNCSCOPE_FRAME_ANCESTORS: z
    .string()
    .trim()
    .superRefine((text, ctx) => {
      const problem = frameAncestorsProblem(text);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    // One space between sources: a newline in the variable must not reach the header.
    .transform((text) => text.split(/\s+/).join(" "))
    .default("'none'"),
  /**
   * How often (seconds) the server derives the timelines of open incidents from their
   * workflows' checks, so transitions are kept even if nobody opens the incident before the
   * sources' retention drops them. 0 turns it off (the incident page still derives on load).
   */
  ASYNCSCOPE_TIMELINE_INTERVAL_SECONDS: z
    .string()
    .regex(/^\d{1,5}$/, "expected a whole number of seconds from 0 to 86400, e.g. 120 (0 turns it off)")
    .default("120")
    .transform(Number)
    .refine(
      (seconds) => seconds <= 86_400,
      "expected a whole number of seconds from 0 to 86400, e.g. 120 (0 turns it off)",
    ),
  /**
   * How often (seconds) the server evaluates every workflow's checks over the workflow page's
   * default window, for asyncscope_check_status at /api/metrics. 0 turns it off (no such series).
   */
  ASYNCSCOPE_CHECK_SWEEP_SECONDS: z
    .string()
    .regex(/^\d{1,3}$/, SWEEP_SECONDS_MESSAGE)
    .default("30")
    .transform(Number)
    // The exported AsyncscopeCheckStateAbsent rule calls the state old after 5 minutes: a
    // longer interval would fire it between sweeps (docs/alerting.md).
    .refine((seconds) => seconds <= 120, SWEEP_SECONDS_MESSAGE),
  /**
   * The bearer token Alertmanager sends to POST /api/alerts/alertmanager (its receiver's
   * http_config.authorization). Unset: that endpoint refuses every request (401); it is never
   * open. Visible ASCII without spaces (it travels in a header), at least 16 characters.
   */
  ASYNCSCOPE_ALERTMANAGER_TOKEN: z
    .string()
    .regex(
      /^[\x21-\x7e]{16,512}$/,
      "expected 16 to 512 visible ASCII characters without spaces, e.g. the output of openssl rand -hex 32",
    )
    .optional(),
  /**
   * Whether a firing alert for a workflow with no open incident opens one (true, the default)
   * or is skipped, said in the webhook's answer (false: alerts only join incidents people opened).
   */
  ASYNCSCOPE_ALERTS_OPEN_INCIDENTS: z
    .enum(["true", "false"], { error: "expected true or false" })
    .default("true")
    .transform((text) => text === "true"),
  /**
   * At most this many snapshots and share links are created per hour (pins and share links;
   * counted from the database, so across restarts and instances). Over it: 429 with
   * Retry-After. 0 turns the quota off.
   */
  ASYNCSCOPE_SNAPSHOT_QUOTA_PER_HOUR: z
    .string()
    .regex(/^\d{1,6}$/, "expected a whole number of creations per hour, e.g. 120 (0 turns the quota off)")
    .default("120")
    .transform(Number),
  /**
   * Snapshots pinned to no incident (share links' snapshots, those of deleted incidents) are
   * deleted this many days after they were taken, with the share links that open them. 0 keeps them.
   */
  ASYNCSCOPE_SNAPSHOT_RETENTION_DAYS: z
    .string()
    .regex(/^\d{1,5}$/, RETENTION_DAYS_MESSAGE)
    .default("30")
    .transform(Number),
  /**
   * Resolved incidents are deleted (with their timelines and pinned snapshots) this many days
   * after they were resolved. 0, the default, keeps them: reviews may look back years.
   */
  ASYNCSCOPE_RESOLVED_INCIDENT_RETENTION_DAYS: z
    .string()
    .regex(/^\d{1,5}$/, RETENTION_DAYS_MESSAGE)
    .default("0")
    .transform(Number),
});

// An identity header believed from any address is a name anyone can claim by reaching the
// port: refuse to start rather than run that way (docs/security.md).
const envSchema = envFields.superRefine((env, ctx) => {
  if (env.ASYNCSCOPE_AUTH_HEADER && !env.ASYNCSCOPE_TRUSTED_PROXIES?.length)
    ctx.addIssue({
      code: "custom",
      path: ["ASYNCSCOPE_TRUSTED_PROXIES"],
      message: `required when ASYNCSCOPE_AUTH_HEADER is set: the addresses of the sign-in proxy that sets ${env.ASYNCSCOPE_AUTH_HEADER} (comma-separated IPs or CIDRs, e.g. 127.0.0.1,10.0.0.0/8,::1); the header is believed only from them`,
    });
});

export type AppEnv = z.output<typeof envSchema>;

export class EnvError extends Error {
  constructor(problems: string[]) {
    super(problems.join("\n"));
    this.name = "EnvError";
  }
}

/** Validates an environment; empty strings count as unset (shells export VAR= easily). */
export function parseEnv(source: Readonly<Record<string, string | undefined>>): AppEnv {
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new EnvError(parsed.error.issues.map((issue) => `environment: ${issue.path.join(".")}: ${issue.message}`));
  }
  return parsed.data;
}

let cached: AppEnv | undefined;

export function appEnv(): AppEnv {
  cached ??= parseEnv(process.env);
  return cached;
}

/** The variables `${VAR}` references in asyncscope.yaml may read. */
export function interpolationEnv(): Readonly<Record<string, string | undefined>> {
  return process.env;
}
