// Adds up Vitest and Playwright JSON reports into the one line CI prints:
// "N passed, N failed, N skipped". Exits 1 if any test failed or a report is missing.
// Each failed test is listed just above that line, with the first line of its error and its
// duration: CI keeps only the tail of the log, so the names must be at the end.
import { existsSync, readFileSync } from "node:fs";
import { relative } from "node:path";

const MESSAGE_CHARS = 300;
let passed = 0;
let failed = 0;
let skipped = 0;
let missing = 0;
const failures = [];

function firstLine(message) {
  // Vitest and Playwright messages carry ANSI colours and a stack; the first line says what failed.
  const plain = String(message ?? "").replace(/\u001b\[[0-9;]*m/g, "");
  const line = plain.split("\n").find((text) => text.trim() !== "") ?? "(no message)";
  return line.length > MESSAGE_CHARS ? `${line.slice(0, MESSAGE_CHARS)}…` : line;
}

function vitestFailures(report) {
  for (const file of report.testResults ?? []) {
    const path = relative(process.cwd(), file.name ?? "");
    const failedTests = (file.assertionResults ?? []).filter((test) => test.status === "failed");
    for (const test of failedTests) {
      const seconds = Math.round((test.duration ?? 0) / 1000);
      failures.push(`${path} › ${test.fullName} (${seconds} s): ${firstLine(test.failureMessages?.[0])}`);
    }
    // A file that failed outside any test (an import error, a failed beforeAll/afterAll: its tests
    // are then skipped) has no failed test to name, and Vitest counts no failed test for it.
    if (file.status === "failed" && failedTests.length === 0) {
      failures.push(`${path}: failed outside its tests: ${firstLine(file.message || "see the log above")}`);
      failed += 1;
    }
  }
}

function playwrightFailures(suites, titles = []) {
  for (const suite of suites ?? []) {
    const path = [...titles, suite.title].filter(Boolean);
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status !== "unexpected") continue;
        const last = test.results?.at(-1);
        const seconds = Math.round((last?.duration ?? 0) / 1000);
        const error = last?.error ?? last?.errors?.[0];
        failures.push(`${[...path, spec.title].join(" › ")} (${seconds} s): ${firstLine(error?.message)}`);
      }
    }
    playwrightFailures(suite.suites, path);
  }
}

for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    console.error(`missing test report: ${file}`);
    missing += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(file, "utf8"));
  if (typeof report.numPassedTests === "number") {
    // Vitest (Jest-compatible JSON)
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + (report.numTodoTests ?? 0);
    vitestFailures(report);
  } else if (report.stats) {
    // Playwright
    passed += report.stats.expected + report.stats.flaky;
    failed += report.stats.unexpected;
    skipped += report.stats.skipped;
    playwrightFailures(report.suites);
    // Errors outside any test (global set-up, a worker that crashed): not in stats.unexpected.
    for (const error of report.errors ?? []) {
      failures.push(`Playwright, outside any test: ${firstLine(error.message)}`);
      failed += 1;
    }
  } else {
    console.error(`unrecognised test report: ${file}`);
    missing += 1;
  }
}
for (const failure of failures) console.log(`FAILED ${failure}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || missing > 0 ? 1 : 0);
