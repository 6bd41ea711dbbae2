// What Vercel would ship: the result of `npm run check:vercel` (scripts/check-vercel.mjs: Vercel's
// own builder, offline), reused when the sources have not changed since it ran; full mode runs it
// otherwise (a `next build` plus Vercel's output: minutes), quick mode reports it as not measured.
import { existsSync, readFileSync } from 'node:fs';
import { RESULT_FILE, checkVercel } from '../../scripts/check-vercel.mjs';
import { exactTarget, notMeasured } from '../lib/report.mjs';

const LABEL = 'vercel build: edge middleware within the Hobby limit, Node functions far below theirs, Neon path only';

export async function deployPhase({ quick, log }) {
  let result;
  if (quick) {
    result = existsSync(RESULT_FILE) ? JSON.parse(readFileSync(RESULT_FILE, 'utf8')) : null;
    if (!result) return { targets: [notMeasured('vercel-build', LABEL, 'run `npm run check:vercel` first (quick mode does not build)')] };
  } else {
    result = await checkVercel({ reuse: true, log });
  }
  const failed = result.checks.filter((c) => !c.ok);
  const largest = Math.max(...result.nodeFunctions.map((f) => f.bytes));
  const detail = `middleware ${result.middleware?.runtime}, ${result.middleware?.gzip} B gzip (limit 1 MiB); ${result.nodeFunctions.length} Node functions, largest ${(largest / 2 ** 20).toFixed(1)} MiB (limit 250 MB)${failed.length ? `; failed: ${failed.map((c) => `${c.check} (${c.value})`).join('; ')}` : ''}${quick ? `; from check:vercel of ${result.date}` : ''}`;
  return {
    targets: [exactTarget('vercel-build', LABEL, failed.length ? 'no' : 'yes', failed.length === 0, 'yes', detail)],
    detail: { date: result.date, vercel: result.vercel, vercelNext: result.vercelNext, middleware: result.middleware, nodeFunctions: result.nodeFunctions, checks: result.checks },
  };
}
