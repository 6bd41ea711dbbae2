// Memory: RSS of the app as shipped after warm-up vs after N more requests (full mode only: a
// short run does not reach steady state). Half the requests render the dashboard, half are API
// calls (/api/user), in alternating blocks: the two paths a signed-in user and an API client take.
import { load } from '../lib/load.mjs';
import { treeRss } from '../lib/server.mjs';
import { exactTarget, notMeasured, round } from '../lib/report.mjs';

const BLOCKS = 4;

export async function memoryPhase({ app, cookies, settings, quick, log }) {
  const label = `memory: RSS after ${settings.memoryRequests} requests / after warm-up`;
  if (quick) return { targets: [notMeasured('memory', label, 'full mode only')] };
  const mix = [`${app.url}/dashboard`, `${app.url}/api/user`];
  const runMix = async (total) => {
    let failed = 0;
    for (let i = 0; i < BLOCKS; i++) {
      for (const url of mix) {
        const r = await load(url, { amount: total / mix.length / BLOCKS, headers: { cookie: cookies.app } });
        failed += r.non2xx + r.errors;
      }
    }
    return failed;
  };
  log(`memory: ${settings.memoryWarmup} warm-up requests, then ${settings.memoryRequests} (half /dashboard, half /api/user) …`);
  await runMix(settings.memoryWarmup);
  const rssWarm = treeRss(app.pid);
  const failed = await runMix(settings.memoryRequests);
  const rssAfter = treeRss(app.pid);
  return {
    targets: [
      exactTarget('memory', label, round(rssAfter / rssWarm, 3), rssAfter <= rssWarm * 1.15, '<= 1.15',
        `${round(rssWarm / 2 ** 20)} MiB → ${round(rssAfter / 2 ** 20)} MiB; half /dashboard, half /api/user; ${failed} non-2xx`),
    ],
  };
}
