/**
 * What both Playwright configs (embedded default and real services) share: a free loopback port
 * and the system Chromium with the flags this machine needs (root, no network).
 */
import { createServer } from 'node:net';

/** A free loopback port. Configs choose it once; workers inherit it through the environment. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Debian's Chromium (Playwright cannot download its own here), headless as root. */
export const systemChromium = {
  executablePath: process.env.PLAYWRIGHT_CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
};
