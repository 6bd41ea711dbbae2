// Medians, spreads, target verdicts and the printed table.

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Half the range of the per-round values: how far one round may land from another. */
export function spread(values) {
  return values.length ? (Math.max(...values) - Math.min(...values)) / 2 : NaN;
}

/**
 * A ratio target over rounds. `atLeast` / `atMost`: the bound. Verdict: `holds` when the median
 * meets it, `within-spread` when it misses by no more than the spread, `missed` otherwise.
 */
export function ratioTarget(id, label, perRound, bound) {
  const m = median(perRound);
  const s = spread(perRound);
  let verdict;
  if (bound.atLeast !== undefined) verdict = m >= bound.atLeast ? 'holds' : m + s >= bound.atLeast ? 'within-spread' : 'missed';
  else verdict = m <= bound.atMost ? 'holds' : m - s <= bound.atMost ? 'within-spread' : 'missed';
  return {
    id,
    label,
    value: round(m, 3),
    spread: round(s, 3),
    rounds: perRound.map((v) => round(v, 3)),
    target: bound.atLeast !== undefined ? `>= ${bound.atLeast}` : `<= ${bound.atMost}`,
    verdict,
  };
}

/** A target that is counted, not timed: no spread, it holds or it does not. */
export function exactTarget(id, label, value, ok, target, detail) {
  return { id, label, value, target, verdict: ok ? 'holds' : 'missed', ...(detail ? { detail } : {}) };
}

export function notMeasured(id, label, why) {
  return { id, label, value: null, target: '', verdict: 'not measured', detail: why };
}

export function round(v, digits = 1) {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

function pad(s, n, right = false) {
  s = String(s);
  return right ? s.padStart(n) : s.padEnd(n);
}

export function throughputTable(rows) {
  const head = ['scenario', 'variant', 'req/CPU-s', 'min–max', 'req/s', 'min–max', 'p50 ms', 'p99 ms', 'non-2xx', 'Set-Cookie'];
  const lines = rows.map((r) => [
    r.scenario,
    r.variant,
    round(r.cpuMedian, 0),
    `${round(r.cpuMin, 0)}–${round(r.cpuMax, 0)}`,
    round(r.median, 0),
    `${round(r.min, 0)}–${round(r.max, 0)}`,
    round(r.p50, 1),
    round(r.p99, 1),
    r.non2xx,
    `${round(r.cookieShare * 100, 2)} %`,
  ]);
  return table(head, lines);
}

export function latencyTable(rows) {
  const head = ['setting', 'path', 'variant', 'p50 ms', 'p99 ms', 'round trips', 'DB', 'KV'];
  const lines = rows.map((r) => [`${r.setting} (KV ${r.kvMs}, DB ${r.dbMs} ms)`, r.path, r.label, round(r.p50, 1), round(r.p99, 1), r.roundTrips, r.dbQueries, r.kvReads]);
  return table(head, lines);
}

export function targetTable(targets) {
  const head = ['target', 'measured', 'spread', 'goal', 'verdict'];
  const lines = targets.map((t) => [
    t.label,
    t.value === null ? '—' : typeof t.value === 'number' ? t.value : String(t.value),
    t.spread === undefined ? '' : `±${t.spread}`,
    t.target,
    t.verdict.toUpperCase(),
  ]);
  return table(head, lines);
}

function table(head, lines) {
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => String(l[i]).length)));
  const fmt = (cells) => cells.map((c, i) => pad(c, widths[i], i > 1 && typeof c === 'number')).join('  ');
  return [fmt(head), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(fmt)].join('\n');
}
