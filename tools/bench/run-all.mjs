// Runs every benchmark script in this folder (or those named on the command
// line: `pnpm bench morphing lhe`) one after the other and prints their figures.
// Each script prints its own numbers and the ratio to the Python baselines in
// ../shared/reference/python-baselines.json.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const scripts = readdirSync(here)
  .filter((f) => f.endsWith(".mjs") && f !== "run-all.mjs" && !f.startsWith("_"))
  .filter((f) => wanted.length === 0 || wanted.includes(f.replace(/\.mjs$/, "")))
  .sort();
let failed = 0;
for (const s of scripts) {
  console.log(`\n=== bench/${s} ===`);
  const r = spawnSync(process.execPath, ["--expose-gc", join(here, s)], { stdio: "inherit" });
  if (r.status !== 0) {
    failed += 1;
    console.log(`bench/${s} exited with ${r.status}`);
  }
}
process.exitCode = failed ? 1 : 0;
