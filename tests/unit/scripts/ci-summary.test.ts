// scripts/ci-summary.mjs on reports that Vitest and Playwright wrote in CI runs
// (tests/fixtures/ci/): CI keeps only the log's tail, so each failed test must be named there.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const fixtures = path.join(__dirname, "../../fixtures/ci");

async function summary(...reports: string[]): Promise<{ code: number; lines: string[] }> {
  try {
    const { stdout } = await run(process.execPath, ["scripts/ci-summary.mjs", ...reports]);
    return { code: 0, lines: stdout.trim().split("\n") };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, lines: e.stdout.trim().split("\n") };
  }
}

/** The summary of a report edited in the test, written to a file of its own. */
async function summaryOfReport(report: unknown): Promise<{ code: number; lines: string[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ci-summary-"));
  try {
    const file = path.join(dir, "report.json");
    fs.writeFileSync(file, JSON.stringify(report));
    return await summary(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const readFixture = (name: string) => JSON.parse(fs.readFileSync(path.join(fixtures, name), "utf8"));

describe("ci-summary", () => {
  it("names each failed Vitest test above the count, with its duration and the first line of its error", async () => {
    const { code, lines } = await summary(path.join(fixtures, "vitest-lab-alerts-4-failed.json"));
    expect(code).toBe(1);
    expect(lines.at(-1)).toBe("4 passed, 4 failed, 0 skipped");
    const failed = lines.filter((l) => l.startsWith("FAILED "));
    expect(failed).toHaveLength(4);
    expect(failed[0]).toMatch(
      /tests\/lab\/17-alerts\.test\.ts › alert rules in the lab the crash loop \(seed 001\) fires AsyncscopeNoConsumer .* \(182 s\): Error: lab fault consumer-crashloop off exited 1$/,
    );
    // Colours are gone and a multi-line message keeps its first line.
    expect(failed.join("\n")).not.toMatch(/\u001b\[/);
    expect(failed[2]).toMatch(/kafka-faults\.test\.ts .* \(91 s\): AssertionError: kafka-silent-drop within 60 s$/);
  });

  it("counts Playwright's report and names a spec that failed", async () => {
    const passed = readFixture("playwright-e2e-lab-passed.json");
    expect((await summary(path.join(fixtures, "playwright-e2e-lab-passed.json"))).lines).toEqual([
      "5 passed, 0 failed, 0 skipped",
    ]);
    // The same report with its first spec failed, as Playwright writes one.
    const test = passed.suites[0].specs[0].tests[0];
    test.status = "unexpected";
    test.results.at(-1).status = "failed";
    test.results.at(-1).errors = [
      { message: "\u001b[31mError: expect(locator).toBeVisible() failed\u001b[39m\n\nLocator: …" },
    ];
    passed.stats.expected -= 1;
    passed.stats.unexpected += 1;
    const { code, lines } = await summaryOfReport(passed);
    expect(code).toBe(1);
    expect(lines).toEqual([
      expect.stringMatching(
        /^FAILED alerts-lab\.spec\.ts › the crash loop pages .* \(\d+ s\): Error: expect\(locator\)\.toBeVisible\(\) failed$/,
      ),
      "4 passed, 1 failed, 0 skipped",
    ]);
    // An error outside any test (global set-up) is named and counted too.
    passed.errors = [{ message: "Error: global setup: the lab is not up\n    at …" }];
    const withGlobal = await summaryOfReport(passed);
    expect(withGlobal.lines).toContain("FAILED Playwright, outside any test: Error: global setup: the lab is not up");
    expect(withGlobal.lines.at(-1)).toBe("4 passed, 2 failed, 0 skipped");
  });

  it("counts a Vitest file that failed outside its tests (a beforeAll), whose tests are skipped", async () => {
    const report = readFixture("vitest-lab-alerts-4-failed.json");
    // As Vitest 4 writes it when a describe's beforeAll throws: the file failed with no message,
    // its tests skipped, no failed test counted.
    const kafka = report.testResults.find((f: { name: string }) => f.name.endsWith("kafka-faults.test.ts"));
    kafka.status = "failed";
    kafka.message = "";
    for (const test of kafka.assertionResults) test.status = "skipped";
    report.numFailedTests -= 1;
    report.numPendingTests += 1;
    const { code, lines } = await summaryOfReport(report);
    expect(code).toBe(1);
    expect(lines.at(-1)).toBe("4 passed, 4 failed, 1 skipped");
    expect(lines).toContainEqual(
      expect.stringMatching(/kafka-faults\.test\.ts: failed outside its tests: see the log above$/),
    );
  });

  it("a missing report fails the summary", async () => {
    const { code } = await summary(path.join(fixtures, "no-such-report.json"));
    expect(code).toBe(1);
  });
});
