// Reads the output of `pnpm test` (turbo running vitest in each package) and
// prints one closing line with the totals over all packages:
//   tests: N passed, N failed, N skipped
// Usage: node tools/ci/summary.mjs LOGFILE
import { readFileSync } from "node:fs";

const file = process.argv[2];
if (!file) {
  console.error("usage: node tools/ci/summary.mjs LOGFILE");
  process.exit(2);
}
// eslint-disable-next-line no-control-regex
const text = readFileSync(file, "utf8").replace(/\u001b\[[0-9;]*m/g, "");
const totals = { passed: 0, failed: 0, skipped: 0 };
let packages = 0;
for (const line of text.split("\n")) {
  // vitest's per-run summary: "Tests  2 failed | 29 passed | 44 skipped (75)"
  const m = /^\S*:test:\s+Tests\s+(.*)\(\d+\)\s*$/.exec(line);
  if (!m) continue;
  packages += 1;
  for (const part of m[1].split("|")) {
    const p = /(\d+)\s+(passed|failed|skipped|todo)/.exec(part);
    if (p && p[2] !== "todo") totals[p[2]] += Number(p[1]);
  }
}
console.log(`(${packages} packages ran vitest)`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
