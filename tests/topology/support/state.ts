/**
 * What the topology suite's global setup hands to the tests, and the small helpers every test
 * uses to talk to that world: which instance answered, the summed counters, restarts.
 */
import { expect } from '@playwright/test';
import { ProxyClient } from './client';

export const SERVER_NAME = 'app.test';

export interface TopologyState {
  publicOrigin: string;
  httpsPort: number;
  httpPort: number;
  instancePorts: number[];
  cert: string;
  control: string;
  oldSecret: string;
  dbName: string;
  bridge: string;
}

export function topology(): TopologyState {
  const raw = process.env.TOPOLOGY_STATE;
  if (!raw) throw new Error('TOPOLOGY_STATE is not set: run `npm run test:topology`');
  return JSON.parse(raw) as TopologyState;
}

/** The index (0-based) of the instance that served a response, from the proxy's X-Served-By. */
export function servedBy(response: Response): number {
  const value = response.headers.get('x-served-by') ?? '';
  // After a retried upstream nginx lists every address tried; the last one answered.
  const last = value.split(',').pop()?.trim() ?? '';
  const index = topology().instancePorts.findIndex((p) => last === `127.0.0.1:${p}`);
  expect(index, `X-Served-By ${JSON.stringify(value)}`).toBeGreaterThanOrEqual(0);
  return index;
}

/**
 * Sends `request` again and again until every instance in `which` has served one, handing each
 * response to `check`; returns the instances in the order they answered. Round-robin means this is
 * the very next request served by each of them.
 */
export async function untilServedBy(which: number[], request: () => Promise<Response>, check: (res: Response, instance: number) => Promise<void> | void): Promise<number[]> {
  const seen: number[] = [];
  for (let attempt = 0; attempt < which.length * 4 && !which.every((i) => seen.includes(i)); attempt++) {
    const res = await request();
    const instance = servedBy(res);
    if (which.includes(instance) && !seen.includes(instance)) seen.push(instance);
    await check(res, instance);
  }
  expect(seen.sort()).toEqual([...which].sort());
  return seen;
}

export const ALL = [0, 1, 2];
export const others = (instance: number) => ALL.filter((i) => i !== instance);

export interface Counters {
  dbQueries: number;
  kvReads: number;
  kvWrites: number;
  tokenDecrypts: number;
}

/** The counters of one instance, read directly (measurement only; clients use the proxy). */
export async function instanceCounters(index: number): Promise<Counters> {
  const res = await fetch(`http://127.0.0.1:${topology().instancePorts[index]}/api/internal/counters`);
  expect(res.status).toBe(200);
  return (await res.json()) as Counters;
}

export async function summedCounters(which = ALL): Promise<Counters> {
  const all = await Promise.all(which.map(instanceCounters));
  return all.reduce((a, b) => ({
    dbQueries: a.dbQueries + b.dbQueries,
    kvReads: a.kvReads + b.kvReads,
    kvWrites: a.kvWrites + b.kvWrites,
    tokenDecrypts: a.tokenDecrypts + b.tokenDecrypts,
  }));
}

/** Restarts instance `index` with these environment changes (null removes a variable). */
export async function restartInstance(index: number, env: Record<string, string | null>): Promise<number> {
  const res = await fetch(`${topology().control}/instances/${index}/restart`, { method: 'POST', body: JSON.stringify({ env }) });
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as { restartMs: number }).restartMs;
}

/** A signed-in API client through the proxy. */
export async function signedIn(email: string, password: string, localAddress?: string): Promise<{ client: ProxyClient; signInServedBy: number }> {
  const client = new ProxyClient(localAddress);
  const res = await client.signIn(email, password);
  expect(res.status).toBe(302);
  expect(client.sessionToken).toBeTruthy();
  return { client, signInServedBy: servedBy(res) };
}
