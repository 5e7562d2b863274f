// report.html: one static page with the figures (linked SVGs next to it) and
// the numbers of results.json, readable without a server.
import { labelText } from "@mm/plot";

const esc = (s: unknown) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const num = (x: number | null | undefined, digits = 4) => (x === null || x === undefined || !Number.isFinite(x) ? "–" : Math.abs(x) !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e5) ? x.toExponential(digits - 1) : Number(x.toPrecision(digits)).toString());

function matrix(m: number[][]): string {
  return `<table class="matrix">${m.map((r) => `<tr>${r.map((v) => `<td>${num(v)}</td>`).join("")}</tr>`).join("")}</table>`;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function renderReport(r: any, history: { epoch: number; loss: number; valLoss: number | null }[]): string {
  const P = r.parameters.length;
  const methods = [
    ["truth", "Truth (parton level)"],
    ["sally", "SALLY (learned score)"],
    ["histogram", `Histogram of ${esc(r.fisher.histogram.observable)} (${r.fisher.histogram.bins} bins)`],
    ["rate", "Rate only"],
  ];
  const o = r.ordering;
  const ok = (b: boolean) => (b ? `<span class="ok">✓</span>` : `<span class="bad">✗</span>`);
  const fig = (name: string, caption: string) => `<figure><a href="figures/${name}.svg"><img src="figures/${name}.svg" alt="${esc(caption)}"></a><figcaption>${caption}</figcaption></figure>`;
  const xsRows = Object.entries(r.crossSections.benchmarks as Record<string, { xsec: number; uncertainty: number }>)
    .map(([n, v]) => `<tr><td>${esc(n)}</td><td>${num(v.xsec)}</td><td>${num(v.uncertainty, 2)}</td></tr>`)
    .join("");
  const sc = r.selfCheck;
  const selfCheck = sc
    ? `<section><h2>Self-check ${ok(sc.passed)}</h2><p>${esc(sc.description)}</p>
<table><tr><th>θ</th><th>morphed σ [pb]</th><th>analytic σ [pb]</th><th>ratio</th><th>pull</th><th>shape χ² / bins</th><th>max per-event deviation</th></tr>
${sc.points.map((p: { theta: number[]; morphed: number; analytic: number; uncertainty: number; maxEventDeviation: number; shapeChi2?: number; shapeBins?: number }) => `<tr><td>(${p.theta.join(", ")})</td><td>${num(p.morphed, 6)}</td><td>${num(p.analytic, 6)}</td><td>${num(p.morphed / p.analytic, 6)}</td><td>${num((p.morphed - p.analytic) / p.uncertainty, 2)}</td><td>${p.shapeChi2 !== undefined ? `${num(p.shapeChi2, 3)} / ${p.shapeBins}` : "—"}</td><td>${num(p.maxEventDeviation, 2)}</td></tr>`).join("")}
</table></section>`
    : "";
  const last = history.at(-1);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(r.name)} — mm report</title>
<style>
body{font-family:"DejaVu Sans",system-ui,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
header{background:#14324a;color:#fff;padding:18px 32px}header h1{margin:0;font-size:24px}header p{margin:4px 0 0;opacity:.85;font-size:14px}
main{padding:8px 32px 40px;max-width:1320px}
section{background:#fff;border:1px solid #e2e2e2;border-radius:6px;padding:8px 20px 16px;margin:18px 0}
h2{font-size:18px;margin:12px 0}
.grid{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}
figure{margin:0;flex:0 1 auto}figure img{max-width:100%;height:auto;display:block;border:1px solid #eee}figcaption{font-size:13px;color:#555;margin-top:4px;max-width:560px}
table{border-collapse:collapse;font-size:14px;margin:6px 0}td,th{padding:3px 10px;text-align:right;border-bottom:1px solid #eee}th{background:#f3f5f7}td:first-child,th:first-child{text-align:left}
table.matrix td{border:none;font-family:"DejaVu Sans Mono",monospace;font-size:13px;padding:1px 8px}
.cards{display:flex;gap:14px;flex-wrap:wrap}.card{border:1px solid #e2e2e2;border-radius:6px;padding:6px 12px;min-width:230px}.card h3{font-size:14px;margin:6px 0}
.ok{color:#0a7d32;font-weight:bold}.bad{color:#b00020;font-weight:bold}.muted{color:#666;font-size:13px}
</style></head><body>
<header><h1>${esc(r.name)}</h1><p>Fisher information at θ = ${r.thetaName ? esc(r.thetaName) + " " : ""}(${r.theta.map((v: number, k: number) => `${esc(labelText(r.parameters[k]))} = ${num(v)}`).join(", ")}), L = ${num(r.luminosity)} pb⁻¹ · seed ${r.seed} · ${esc(r.generatedAt)}</p></header>
<main>
${selfCheck}
<section><h2>Fisher information</h2>
<div class="cards">${methods
    .map(([k, label]) => `<div class="card"><h3>${label}</h3>${matrix(r.fisher[k].information)}<p class="muted">det(I)<sup>1/${P}</sup> = ${num(o.detScale[k].value)} ± ${num(o.detScale[k].sigma, 2)}</p></div>`)
    .join("")}</div>
<p>Ordering: SALLY ≤ truth ${ok(o.sallyBoundedByTruth)}${o.sallyBoundedByTruth && o.detScale.sally.value > o.detScale.truth.value ? " (within 2σ)" : ""} · SALLY ≥ histogram ${ok(o.sallyExceedsHistogram)}${o.sallyExceedsHistogram && o.detScale.sally.value < o.detScale.histogram.value ? " (within 2σ)" : ""} · SALLY ≥ rate ${ok(o.sallyExceedsRate)}
<span class="muted">(det(I)<sup>1/${P}</sup> within 2σ of the statistical uncertainty: Gaussian propagation of the event weights, plus a bootstrap of the evaluation events for SALLY; eigenvalues of truth − SALLY: ${o.truthMinusSally.map((v: number) => num(v, 3)).join(", ")}; of SALLY − histogram: ${o.sallyMinusHistogram.map((v: number) => num(v, 3)).join(", ")})</span></p>
<div class="grid">${fig("fisher_contours", "Contours of Fisher distance 1 from θ (bands: ±1σ statistical uncertainty of I).")}${fig("fisher_barplot", "Left: det(I)<sup>1/p</sup> of each information matrix. Right: its eigenvalues stacked on a log axis, each bar coloured by the parameters' shares of its eigenvector; the colours split the bar's drawn height, so on the log axis a share is not read off the tick values.")}</div>
</section>
<section><h2>Where the information is</h2><div class="grid">${fig("information_distribution", `Cross section and truth information per bin of ${esc(r.fisher.histogram.observable)}.`)}${fig("morphing_basis", "Morphing basis: √(Σ w²) (growth of statistical uncertainty) and the benchmarks.")}</div></section>
<section><h2>Kinematic distributions</h2><div class="grid">${fig("distributions", "Normalised distributions at the plotted parameter points (morphed event weights).")}</div></section>
<section><h2>Cross sections</h2><table><tr><th>benchmark</th><th>σ [pb]</th><th>stat. unc. [pb]</th></tr>${xsRows}<tr><td><b>morphed at θ = (${r.theta.map((v: number) => num(v)).join(", ")})</b>${r.thetaName ? ` <span class="muted">(${esc(r.thetaName)})</span>` : ""}</td><td>${num(r.crossSections.atTheta.xsec)}</td><td>${num(r.crossSections.atTheta.uncertainty, 2)}</td></tr></table>
<p class="muted">${r.events.nEvents} events after cuts from ${r.events.samples.length} sample(s): ${r.events.samples.map((s: { sampledFromBenchmark: string; eventsRead: number; eventsPassed: number }) => `${esc(s.sampledFromBenchmark)} (${s.eventsPassed}/${s.eventsRead})`).join(", ")}.</p></section>
<section><h2>Training</h2><p>SALLY, ${r.training.epochs} epochs, best epoch ${r.training.bestEpoch}; final loss ${num(last?.loss)}${last?.valLoss != null ? `, validation loss ${num(last.valLoss)}` : ""}. Model: <code>model/sally.onnx</code> + <code>model/sally_settings.json</code>.</p></section>
<section><h2>Provenance</h2><p class="muted">Pipeline ${esc(r.pipeline)} · ${Object.entries(r.versions).map(([k, v]) => `${esc(k)} ${esc(v)}`).join(" · ")}</p></section>
</main></body></html>
`;
}
