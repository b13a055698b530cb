import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

describe("ASYNCSCOPE_PUBLIC_URL", () => {
  it("accepts an http or https base URL, with or without a path", () => {
    expect(parseEnv({ ASYNCSCOPE_PUBLIC_URL: "https://asyncscope.example.com" }).ASYNCSCOPE_PUBLIC_URL).toBe(
      "https://asyncscope.example.com",
    );
    expect(parseEnv({ ASYNCSCOPE_PUBLIC_URL: "http://127.0.0.1:3000/asyncscope/" }).ASYNCSCOPE_PUBLIC_URL).toBe(
      "http://127.0.0.1:3000/asyncscope/",
    );
    expect(parseEnv({ ASYNCSCOPE_PUBLIC_URL: "" }).ASYNCSCOPE_PUBLIC_URL).toBeUndefined();
  });

  it.each(["javascript:alert(1)", "file:///etc/passwd", "ftp://asyncscope.example.com", "data:text/html,hi"])(
    "refuses %j: links in exports must stay web links",
    (url) => {
      expect(() => parseEnv({ ASYNCSCOPE_PUBLIC_URL: url })).toThrow(
        new EnvError([
          "environment: ASYNCSCOPE_PUBLIC_URL: expected an http:// or https:// URL such as https://asyncscope.example.com",
        ]),
      );
    },
  );

  it("refuses a relative URL or one with a query", () => {
    expect(() => parseEnv({ ASYNCSCOPE_PUBLIC_URL: "asyncscope.example.com" })).toThrow(
      "ASYNCSCOPE_PUBLIC_URL: expected an absolute URL such as https://asyncscope.example.com",
    );
    expect(() => parseEnv({ ASYNCSCOPE_PUBLIC_URL: "https://asyncscope.example.com/?x=1" })).toThrow(
      "ASYNCSCOPE_PUBLIC_URL: expected a base URL without ?query or #fragment",
    );
  });
});

describe("ASYNCSCOPE_TIMELINE_INTERVAL_SECONDS", () => {
  it("defaults to two minutes; 0 (off) and whole seconds up to 2 minutes are accepted", () => {
    expect(parseEnv({}).ASYNCSCOPE_TIMELINE_INTERVAL_SECONDS).toBe(120);
    expect(parseEnv({ ASYNCSCOPE_TIMELINE_INTERVAL_SECONDS: "" }).ASYNCSCOPE_TIMELINE_INTERVAL_SECONDS).toBe(120);
    expect(parseEnv({ ASYNCSCOPE_TIMELINE_INTERVAL_SECONDS: "0" }).ASYNCSCOPE_TIMELINE_INTERVAL_SECONDS).toBe(0);
    expect(parseEnv({ ASYNCSCOPE_TIMELINE_INTERVAL_SECONDS: "86400" }).ASYNCSCOPE_TIMELINE_INTERVAL_SECONDS).toBe(
      86_400,
    );
  });

  it.each(["2m", "-5", "1.5", "86401"])("refuses %j with what it expects", (value) => {
    expect(() => parseEnv({ ASYNCSCOPE_TIMELINE_INTERVAL_SECONDS: value })).toThrow(
      new EnvError([
        "environment: ASYNCSCOPE_TIMELINE_INTERVAL_SECONDS: expected a whole number of seconds from 0 to 86400, e.g. 120 (0 turns it off)",
      ]),
    );
  });
});

describe("ASYNCSCOPE_CHECK_SWEEP_SECONDS", () => {
  it("defaults to 30 seconds; 0 (off) and whole seconds up to 2 minutes are accepted", () => {
    expect(parseEnv({}).ASYNCSCOPE_CHECK_SWEEP_SECONDS).toBe(30);
    expect(parseEnv({ ASYNCSCOPE_CHECK_SWEEP_SECONDS: "" }).ASYNCSCOPE_CHECK_SWEEP_SECONDS).toBe(30);
    expect(parseEnv({ ASYNCSCOPE_CHECK_SWEEP_SECONDS: "0" }).ASYNCSCOPE_CHECK_SWEEP_SECONDS).toBe(0);
    expect(parseEnv({ ASYNCSCOPE_CHECK_SWEEP_SECONDS: "120" }).ASYNCSCOPE_CHECK_SWEEP_SECONDS).toBe(120);
  });

  it.each(["30s", "-5", "1.5", "121", "86400"])("refuses %j with what it expects", (value) => {
    expect(() => parseEnv({ ASYNCSCOPE_CHECK_SWEEP_SECONDS: value })).toThrow(
      new EnvError([
        "environment: ASYNCSCOPE_CHECK_SWEEP_SECONDS: expected a whole number of seconds from 0 to 120, e.g. 30 (0 turns it off; the exported rules call the state old after 5 minutes)",
      ]),
    );
  });
});

describe("ASYNCSCOPE_ALLOWED_ORIGINS", () => {
  it("is a comma-separated list of origins, normalised", () => {
    expect(
      parseEnv({ ASYNCSCOPE_ALLOWED_ORIGINS: "https://Asyncscope.corp, http://127.0.0.1:3000/" })
        .ASYNCSCOPE_ALLOWED_ORIGINS,
    ).toEqual(["https://asyncscope.corp", "http://127.0.0.1:3000"]);
    expect(parseEnv({}).ASYNCSCOPE_ALLOWED_ORIGINS).toBeUndefined();
  });

  it("refuses anything that is not an origin, naming it", () => {
    expect(() => parseEnv({ ASYNCSCOPE_ALLOWED_ORIGINS: "https://ok.corp,https://a.corp/path" })).toThrow(
      '"https://a.corp/path": expected an origin such as https://asyncscope.example.com',
    );
    expect(() => parseEnv({ ASYNCSCOPE_ALLOWED_ORIGINS: "asyncscope.corp" })).toThrow('"asyncscope.corp"');
  });
});

describe("ASYNCSCOPE_FRAME_ANCESTORS", () => {
  it("defaults to 'none'; takes a CSP source list", () => {
    expect(parseEnv({}).ASYNCSCOPE_FRAME_ANCESTORS).toBe("'none'");
    expect(
      parseEnv({ ASYNCSCOPE_FRAME_ANCESTORS: "'self' https://grafana.corp *.corp.example:443 https:" })
        .ASYNCSCOPE_FRAME_ANCESTORS,
    ).toBe("'self' https://grafana.corp *.corp.example:443 https:");
    expect(parseEnv({ ASYNCSCOPE_FRAME_ANCESTORS: "'self'\n  https://grafana.corp" }).ASYNCSCOPE_FRAME_ANCESTORS).toBe(
      "'self' https://grafana.corp",
    );
  });

  it.each(["'none' 'self'", "https://x.corp; script-src *", "https://x.corp\r\nSet-Cookie: a=b"])(
    "refuses %j: it becomes part of a header",
    (value) => {
      expect(() => parseEnv({ ASYNCSCOPE_FRAME_ANCESTORS: value })).toThrow("ASYNCSCOPE_FRAME_ANCESTORS");
    },
  );
});

describe("ASYNCSCOPE_ALERTMANAGER_TOKEN", () => {
  it("is unset by default (the webhook then refuses everything), and taken as given", () => {
    expect(parseEnv({}).ASYNCSCOPE_ALERTMANAGER_TOKEN).toBeUndefined();
    expect(parseEnv({ ASYNCSCOPE_ALERTMANAGER_TOKEN: "" }).ASYNCSCOPE_ALERTMANAGER_TOKEN).toBeUndefined();
    const token = "5f0c1d2e3a4b5c6d7e8f9a0b1c2d3e4f";
    expect(parseEnv({ ASYNCSCOPE_ALERTMANAGER_TOKEN: token }).ASYNCSCOPE_ALERTMANAGER_TOKEN).toBe(token);
  });

  it.each(["short", "has a space in it, sixteen+", "tab\tseparated-0123456789", "ünïcödé-0123456789"])(
    "refuses %j: a header carries it, and a short one is guessable",
    (value) => {
      expect(() => parseEnv({ ASYNCSCOPE_ALERTMANAGER_TOKEN: value })).toThrow(
        new EnvError([
          "environment: ASYNCSCOPE_ALERTMANAGER_TOKEN: expected 16 to 512 visible ASCII characters without spaces, e.g. the output of openssl rand -hex 32",
        ]),
      );
    },
  );
});

describe("ASYNCSCOPE_ALERTS_OPEN_INCIDENTS", () => {
  it("is true unless set to false", () => {
    expect(parseEnv({}).ASYNCSCOPE_ALERTS_OPEN_INCIDENTS).toBe(true);
    expect(parseEnv({ ASYNCSCOPE_ALERTS_OPEN_INCIDENTS: "true" }).ASYNCSCOPE_ALERTS_OPEN_INCIDENTS).toBe(true);
    expect(parseEnv({ ASYNCSCOPE_ALERTS_OPEN_INCIDENTS: "false" }).ASYNCSCOPE_ALERTS_OPEN_INCIDENTS).toBe(false);
  });

  it("refuses anything else rather than guessing", () => {
    expect(() => parseEnv({ ASYNCSCOPE_ALERTS_OPEN_INCIDENTS: "no" })).toThrow(
      new EnvError(["environment: ASYNCSCOPE_ALERTS_OPEN_INCIDENTS: expected true or false"]),
    );
  });
});

describe("ASYNCSCOPE_TRUSTED_PROXIES", () => {
  it("reads IPs and CIDRs, IPv4 and IPv6, as address/prefix", () => {
    expect(parseEnv({ ASYNCSCOPE_TRUSTED_PROXIES: "127.0.0.1, 10.0.0.0/8,::1" }).ASYNCSCOPE_TRUSTED_PROXIES).toEqual([
      "127.0.0.1/32",
      "10.0.0.0/8",
      "::1/128",
    ]);
    expect(parseEnv({}).ASYNCSCOPE_TRUSTED_PROXIES).toBeUndefined();
  });

  it("refuses entries that are not addresses, naming each", () => {
    expect(() => parseEnv({ ASYNCSCOPE_TRUSTED_PROXIES: "10.0.0.0/8,proxy.corp,::1/200" })).toThrow(
      new EnvError([
        'environment: ASYNCSCOPE_TRUSTED_PROXIES: "proxy.corp": expected an IP address or CIDR such as 10.0.0.0/8 or ::1',
        'environment: ASYNCSCOPE_TRUSTED_PROXIES: "::1/200": the prefix length must be 0 to 128',
      ]),
    );
  });

  it("is required with ASYNCSCOPE_AUTH_HEADER: the server does not start believing the header from anyone", () => {
    for (const unset of [{}, { ASYNCSCOPE_TRUSTED_PROXIES: "" }, { ASYNCSCOPE_TRUSTED_PROXIES: " , " }])
      expect(() => parseEnv({ ASYNCSCOPE_AUTH_HEADER: "X-Forwarded-User", ...unset })).toThrow(
        new EnvError([
          "environment: ASYNCSCOPE_TRUSTED_PROXIES: required when ASYNCSCOPE_AUTH_HEADER is set: the addresses of the sign-in proxy that sets X-Forwarded-User (comma-separated IPs or CIDRs, e.g. 127.0.0.1,10.0.0.0/8,::1); the header is believed only from them",
        ]),
      );
    expect(
      parseEnv({ ASYNCSCOPE_AUTH_HEADER: "X-Forwarded-User", ASYNCSCOPE_TRUSTED_PROXIES: "10.0.0.5" })
        .ASYNCSCOPE_TRUSTED_PROXIES,
    ).toEqual(["10.0.0.5/32"]);
  });
});

describe("ASYNCSCOPE_SNAPSHOT_QUOTA_PER_HOUR", () => {
  it("defaults to 120 an hour; 0 turns the quota off", () => {
    expect(parseEnv({}).ASYNCSCOPE_SNAPSHOT_QUOTA_PER_HOUR).toBe(120);
    expect(parseEnv({ ASYNCSCOPE_SNAPSHOT_QUOTA_PER_HOUR: "0" }).ASYNCSCOPE_SNAPSHOT_QUOTA_PER_HOUR).toBe(0);
    expect(parseEnv({ ASYNCSCOPE_SNAPSHOT_QUOTA_PER_HOUR: "500" }).ASYNCSCOPE_SNAPSHOT_QUOTA_PER_HOUR).toBe(500);
  });

  it.each(["-1", "1.5", "lots"])("refuses %j with what it expects", (value) => {
    expect(() => parseEnv({ ASYNCSCOPE_SNAPSHOT_QUOTA_PER_HOUR: value })).toThrow(
      "ASYNCSCOPE_SNAPSHOT_QUOTA_PER_HOUR: expected a whole number of creations per hour, e.g. 120 (0 turns the quota off)",
    );
  });
});

describe("retention", () => {
  it("keeps unpinned snapshots 30 days and resolved incidents forever by default", () => {
    expect(parseEnv({})).toMatchObject({
      ASYNCSCOPE_SNAPSHOT_RETENTION_DAYS: 30,
      ASYNCSCOPE_RESOLVED_INCIDENT_RETENTION_DAYS: 0,
    });
    expect(
      parseEnv({ ASYNCSCOPE_RESOLVED_INCIDENT_RETENTION_DAYS: "365" }).ASYNCSCOPE_RESOLVED_INCIDENT_RETENTION_DAYS,
    ).toBe(365);
  });

  it("refuses a duration that is not whole days", () => {
    expect(() => parseEnv({ ASYNCSCOPE_SNAPSHOT_RETENTION_DAYS: "30d" })).toThrow(
      "ASYNCSCOPE_SNAPSHOT_RETENTION_DAYS: expected a whole number of days, e.g. 30 (0 keeps them forever)",
    );
  });
});
