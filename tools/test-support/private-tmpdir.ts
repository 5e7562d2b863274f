// vitest globalSetup: the test run gets a private temporary folder (TMPDIR, which
// os.tmpdir() reads on every call and the test workers inherit), removed at the
// end, so that the temporary files of tests that forget to clean up do not pile
// up in /tmp.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const dir = mkdtempSync(join(tmpdir(), "mm-test-"));
  process.env.TMPDIR = dir;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(dir, { recursive: true, force: true });
  };
}
