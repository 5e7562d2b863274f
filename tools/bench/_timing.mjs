// Timing helper shared by the benchmark scripts: runs a call several times and
// prints its median wall time, best run and median CPU time (user + system,
// steadier than wall time on a shared machine), with the ratio to a Python
// baseline (seconds) when one is given.

/**
 * @param {string} label
 * @param {number | undefined} baseSeconds  Python's median seconds for the same workload
 * @param {() => unknown} fn
 * @param {{ reps?: number, width?: number }} [options]
 */
export async function timeCall(label, baseSeconds, fn, { reps = 3, width = 44 } = {}) {
  const ts = [];
  const cpus = [];
  let result;
  for (let i = 0; i < reps; i++) {
    globalThis.gc?.();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    result = await fn();
    ts.push((performance.now() - t0) / 1000);
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1e6);
  }
  ts.sort((a, b) => a - b);
  cpus.sort((a, b) => a - b);
  const med = ts[Math.floor(ts.length / 2)];
  const cpu = cpus[Math.floor(cpus.length / 2)];
  const min = ts[0];
  const ratio = baseSeconds
    ? `${(baseSeconds / med).toFixed(1)}× faster than Python (${baseSeconds.toFixed(2)} s); best run ${(baseSeconds / min).toFixed(1)}×; cpu ${(baseSeconds / cpu).toFixed(1)}×`
    : "";
  console.log(`${label.padEnd(width)} ${med.toFixed(3).padStart(8)} s (min ${min.toFixed(3)}, cpu ${cpu.toFixed(3)} s)  ${ratio}`);
  return result;
}
