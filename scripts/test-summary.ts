// Prints one closing line for CI from the Vitest and Playwright JSON reports:
// "tests: N passed, N failed, N skipped". Exits non-zero when a report is missing or counts a failure.
import { existsSync, readFileSync } from 'node:fs';

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

function vitest(path: string): Counts {
  const r = JSON.parse(readFileSync(path, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  };
  return { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests };
}

function playwright(path: string): Counts {
  const r = JSON.parse(readFileSync(path, 'utf8')) as {
    stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  };
  return { passed: r.stats.expected + r.stats.flaky, failed: r.stats.unexpected, skipped: r.stats.skipped };
}

const reports: Array<[string, string, (p: string) => Counts]> = [
  ['unit', 'reports/vitest.json', vitest],
  ['e2e', 'reports/playwright.json', playwright],
];
const total: Counts = { passed: 0, failed: 0, skipped: 0 };
let missing = false;
for (const [name, path, read] of reports) {
  if (!existsSync(path)) {
    console.log(`${name}: no report at ${path}`);
    missing = true;
    continue;
  }
  const c = read(path);
  console.log(`${name}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`);
  total.passed += c.passed;
  total.failed += c.failed;
  total.skipped += c.skipped;
}
console.log(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(missing || total.failed > 0 || total.passed === 0 ? 1 : 0);
