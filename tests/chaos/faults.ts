/**
 * The faults, in the order the suite injects them. `inject` breaks the dependency; `restore`
 * resolves once it answers again (that instant starts the 5 s recovery window). `none` is the
 * harness's own check: everything the suite asserts must hold when nothing is broken.
 */
import type { App } from './app';
import type { PrivatePostgres, PrivateRedis } from './services';

export interface Fault {
  name: string;
  description: string;
  /** How long the fault lasts (the changes "during" it are made meanwhile). */
  holdMs: number;
  /** Whether changes can be attempted during the fault (not while the app itself is down). */
  changesDuring: boolean;
  inject(): Promise<void>;
  restore(): Promise<void>;
}

const noop = async () => {};

export function faults(deps: { redis: PrivateRedis; pg: PrivatePostgres; app: App }): Fault[] {
  const { redis, pg, app } = deps;
  return [
    { name: 'none', description: 'no fault (the harness checks itself)', holdMs: 3_000, changesDuring: true, inject: noop, restore: noop },
    {
      name: 'kv-pause',
      description: 'redis-server SIGSTOP for 6 s, then SIGCONT',
      holdMs: 6_000,
      changesDuring: true,
      inject: async () => void redis.pause(),
      restore: async () => void redis.resume(),
    },
    {
      name: 'kv-restart-empty',
      description: 'redis-server killed, started again empty after 6 s',
      holdMs: 6_000,
      changesDuring: true,
      inject: () => redis.kill(),
      restore: () => redis.start(),
    },
    { name: 'kv-flushall', description: 'FLUSHALL on the running Redis, load for 4 s more', holdMs: 4_000, changesDuring: true, inject: () => redis.flushAll(), restore: noop },
    { name: 'pg-stop', description: 'pg_ctl stop -m fast for 6 s, then started again', holdMs: 6_000, changesDuring: true, inject: () => pg.stop(), restore: () => pg.start() },
    { name: 'app-restart', description: 'next start killed (SIGKILL) and started again', holdMs: 1_000, changesDuring: false, inject: () => app.stop(), restore: () => app.start() },
  ];
}
