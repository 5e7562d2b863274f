// A fake MadGraph installation for the tests: bin/mg5_aMC records its command
// line and command file, creates a process folder on `output`, and on `launch`
// writes a real LHE file from the corpus as the run's events. FAKE_MG_MODE:
//   ok      — normal run
//   prompt  — asks "Do you want to edit a card" and reads the answer from stdin
//   hang    — asks and then never reads (a hang at a prompt)
//   slow    — keeps printing progress lines and never finishes (only the overall timeout stops it)
//   loop    — asks again and again whatever the answer (stdin at EOF)
//   norwgt  — drops the weights of benchmark FAKE_MG_DROP (failed reweighting)
//   fail    — exits with code 3
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const SCRIPT = `#!/bin/bash
calls="\${FAKE_MG_CALLS:?}"
echo "mg5_aMC $*" >> "$calls/calls.txt"
n=$(ls "$calls" | grep -c '^cmd_' || true)
cp "$1" "$calls/cmd_$n.mg5"
echo "************************************************************"
echo "*                     MadGraph5_aMC@NLO (fake)              *"
out=$(grep -E '^output ' "$1" | head -1 | awk '{print $2}')
if [ -n "$out" ]; then
  mkdir -p "$out/bin" "$out/Cards" "$out/Events"
  touch "$out/bin/generate_events"
  echo "Output to directory $out done."
  exit 0
fi
line=$(grep -E '^[[:space:]]*launch ' "$1" | head -1)
dir=$(echo "$line" | awk '{print $2}')
name=$(echo "$line" | sed -n 's/.* -n \\([^ ]*\\).*/\\1/p')
name=\${name:-run_01}
mode="\${FAKE_MG_MODE:-ok}"
echo "The following switches determine which programs are run:"
if [ "$mode" = "fail" ]; then echo "Command \\"launch\\" interrupted with error"; exit 3; fi
if [ "$mode" = "prompt" ]; then
  echo "Do you want to edit a card (press enter to bypass editing)?"
  if ! read -r -t 20 answer; then echo "no answer" ; exit 4; fi
  echo "answer: $answer"
fi
if [ "$mode" = "loop" ]; then
  while true; do echo "Do you want to edit a card (press enter to bypass editing)?"; read -r answer || true; done
fi
if [ "$mode" = "slow" ]; then
  while true; do echo "INFO: Idle: 1,  Running: 1,  Completed: 0 [ still working ]"; sleep 0.2; echo "INFO: refine"; sleep 0.2; done
fi
if [ "$mode" = "hang" ]; then
  echo "Do you want to edit a card (press enter to bypass editing)?"
  sleep 600
fi
mkdir -p "$dir/Events/$name"
# FAKE_LHE_<run name> overrides the events file of one run.
var="FAKE_LHE_$name"
src="\${!var:-$FAKE_LHE}"
if [ "$mode" = "norwgt" ]; then
  gzip -dc "$src" | grep -v "id='\${FAKE_MG_DROP}'" | gzip > "$dir/Events/$name/unweighted_events.lhe.gz"
else
  cp "$src" "$dir/Events/$name/unweighted_events.lhe.gz"
fi
echo "INFO: storing files of previous run"
echo "INFO: Done"
`;

export interface FakeMadGraph {
  root: string;
  mgDirectory: string;
  calls: string;
  env: (mode?: string, extra?: Record<string, string>) => void;
}

const roots: string[] = [];

/** Removes every fake MadGraph folder made so far (call in afterAll). */
export function removeFakeMadGraphs(): void {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
}

/** Creates a fake MadGraph directory (VERSION, bin/mg5_aMC) in a new temporary folder. */
export function makeFakeMadGraph(lhe: string, version = "3.5.7"): FakeMadGraph {
  const root = mkdtempSync(join(tmpdir(), "mm-fake-mg-"));
  roots.push(root);
  const mgDirectory = join(root, "MG5_aMC");
  mkdirSync(join(mgDirectory, "bin"), { recursive: true });
  mkdirSync(join(mgDirectory, "models"), { recursive: true });
  writeFileSync(join(mgDirectory, "VERSION"), `version = ${version}\ndate = 2024-11-29\n`);
  writeFileSync(join(mgDirectory, "bin", "mg5_aMC"), SCRIPT);
  chmodSync(join(mgDirectory, "bin", "mg5_aMC"), 0o755);
  const calls = join(root, "calls");
  mkdirSync(calls);
  return {
    root,
    mgDirectory,
    calls,
    env(mode = "ok", extra = {}) {
      process.env.FAKE_MG_CALLS = calls;
      process.env.FAKE_LHE = lhe;
      process.env.FAKE_MG_MODE = mode;
      for (const [k, v] of Object.entries(extra)) process.env[k] = v;
    },
  };
}
