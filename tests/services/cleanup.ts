/**
 * Run by `npm run test:services` after the vitest part: drops the databases its test files
 * created (each file's last one is still open when its process ends). Databases in use by a
 * concurrent run are left alone; anything missed is swept an hour later by the harness.
 */
import { startWsBridge } from './harness';
import { dropTestDatabasesSince } from './harness/postgres';

const since = Number(process.argv[2]);
if (!Number.isFinite(since)) throw new Error('usage: cleanup.ts <epoch ms>');
const bridge = await startWsBridge();
try {
  const dropped = await dropTestDatabasesSince(bridge.proxy, since);
  console.log(`test:services: dropped ${dropped} test database${dropped === 1 ? '' : 's'}`);
} finally {
  await bridge.close();
}
