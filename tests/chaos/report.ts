/**
 * One table per fault: requests by kind, statuses by code, the surfaces that failed, and each
 * invariant's result with what broke it. Returns the totals for the final line.
 */
import { INVARIANTS, type Invariant, type Recorder } from './recorder';

const countBy = <T>(items: T[], key: (item: T) => string) => {
  const map = new Map<string, number>();
  for (const item of items) map.set(key(item), (map.get(key(item)) ?? 0) + 1);
  return map;
};

const MAX_LINES = 12;

const codeOrder = (a: string, b: string) => (a === 'ERR' ? 1 : b === 'ERR' ? -1 : a.localeCompare(b));

export function printReport(rec: Recorder, probed: number): { passed: number; failed: number } {
  let passed = 0;
  let failed = 0;
  const lines: string[] = [];
  for (const phase of rec.phases) {
    const samples = rec.samples.filter((s) => s.phase === phase.name);
    const kinds = countBy(samples, (s) => s.kind);
    const codes = countBy(samples, (s) => s.code);
    lines.push('', `── ${phase.name}: ${phase.description} ${'─'.repeat(Math.max(0, 90 - phase.name.length - phase.description.length))}`);
    lines.push(`requests ${samples.length} (${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}), ${(((phase.end ?? Date.now()) - phase.start) / 1000).toFixed(0)} s`);
    lines.push(`statuses ${[...codes].sort(([a], [b]) => codeOrder(a, b)).map(([c, n]) => `${c}×${n}`).join('  ')}`);
    const bad = countBy(
      samples.filter((s) => s.code === 'ERR' || s.code.startsWith('5') || s.code.startsWith('200~')),
      (s) => `${s.surface} ${s.code}`,
    );
    if (bad.size) lines.push(`  not served: ${[...bad].map(([k, n]) => `${k} ×${n}`).join(', ')}`);
    for (const note of phase.notes) lines.push(`  ${note}`);
    lines.push(`  ${'invariant'.padEnd(36)} result  detail`);
    for (const id of Object.keys(INVARIANTS) as Invariant[]) {
      const found = rec.violations.filter((v) => v.phase === phase.name && v.invariant === id);
      if (found.length) failed++;
      else passed++;
      const first = found[0]?.detail ?? '';
      lines.push(`  ${INVARIANTS[id].padEnd(36)} ${found.length ? 'FAIL' : 'pass'}    ${first}`);
      // Long lists are cut: the first lines name the pattern, the count says how big it is.
      for (const v of found.slice(1, MAX_LINES)) lines.push(`  ${''.padEnd(36)}         ${v.detail}`);
      if (found.length > MAX_LINES) lines.push(`  ${''.padEnd(36)}         … and ${found.length - MAX_LINES} more like these`);
    }
  }
  lines.push('', `revoked cookies probed: ${probed} probe requests in all`);
  console.log(lines.join('\n'));
  return { passed, failed };
}
