/**
 * Keeps trying every revoked cookie for the rest of the run, through every later fault: a token
 * whose sign-out, ban, demotion, password change or "sign out everywhere" was acknowledged must
 * never be accepted again. Accepted means: `GET /api/user` 200 or `/dashboard` 200 showing the
 * user's email; for a demotion, the admin surfaces (`GET /api/admin/users` 200, `/admin` 200
 * showing the admin counts).
 *
 * Once per phase each cookie is also shown to Auth.js's `GET /api/auth/session`; a fresh cookie
 * it hands out descends from the revoked one and joins the probes.
 */
import { ChaosClient } from './client';
import type { Recorder } from './recorder';

export interface Revoked {
  /** e.g. `sign-out@kv-pause/before: the cookie signed out`. */
  label: string;
  token: string;
  email: string;
  adminSurfaces: boolean;
  ackAt: number;
  derived: boolean;
  revivalChecked: Set<string>;
}

const USER_SURFACES = ['/api/user', '/dashboard'];
const ADMIN_SURFACES = ['/api/admin/users', '/admin'];

export class Prober {
  private readonly revoked: Revoked[] = [];
  private readonly accepted = new Map<string, { phase: string; text: string; count: number; first: string }>();
  private cursor = 0;
  probes = 0;

  constructor(
    private readonly baseURL: string,
    private readonly rec: Recorder,
  ) {}

  get size(): number {
    return this.revoked.length;
  }

  add(entry: Omit<Revoked, 'revivalChecked' | 'derived'> & { derived?: boolean }): void {
    this.revoked.push({ derived: false, ...entry, revivalChecked: new Set() });
  }

  private async probe(r: Revoked, surface: string): Promise<void> {
    const t = Date.now();
    const answer = await new ChaosClient(this.baseURL, this.rec, 'probe', r.token).request(surface);
    this.probes++;
    const page = !surface.startsWith('/api/');
    const shows = r.adminSurfaces ? answer.body.includes('data-count="users"') : answer.body.includes(r.email);
    if (answer.code !== '200' || (page && !shows)) return;
    const phase = this.rec.phaseAt(t).name;
    const key = `${phase}\t${r.label}\t${surface}`;
    const seen = this.accepted.get(key);
    if (seen) seen.count++;
    else this.accepted.set(key, { phase, text: `${r.label}: GET ${surface} answered 200`, count: 1, first: this.rec.when(t) });
  }

  private async checkRevival(r: Revoked): Promise<void> {
    const phase = this.rec.phase.name;
    if (r.derived || r.revivalChecked.has(phase)) return;
    r.revivalChecked.add(phase);
    const answer = await new ChaosClient(this.baseURL, this.rec, 'probe', r.token).request('/api/auth/session');
    if (answer.newToken) {
      this.add({ ...r, label: `${r.label}, re-issued by GET /api/auth/session in ${phase}`, token: answer.newToken, ackAt: Date.now(), derived: true });
    }
  }

  /** The next cookie in turn, on the next of its surfaces. */
  private async step(): Promise<void> {
    if (!this.revoked.length) return void (await new Promise((resolve) => setTimeout(resolve, 100)));
    const n = this.cursor++;
    const r = this.revoked[n % this.revoked.length]!;
    const surfaces = r.adminSurfaces ? ADMIN_SURFACES : USER_SURFACES;
    await this.probe(r, surfaces[Math.floor(n / this.revoked.length) % surfaces.length]!);
    await this.checkRevival(r);
  }

  /** `loops` probers in parallel until `stop()`, then one last pass over every cookie and surface. */
  async run(loops: number, stop: () => boolean): Promise<void> {
    await Promise.all(
      Array.from({ length: loops }, async () => {
        while (!stop()) await this.step();
      }),
    );
    for (const r of [...this.revoked]) {
      for (const surface of r.adminSurfaces ? ADMIN_SURFACES : USER_SURFACES) await this.probe(r, surface);
    }
    for (const { phase, text, count, first } of this.accepted.values()) {
      this.rec.violate('revoked', `${text} ${count}× (first ${first})`, phase);
    }
  }
}
