/**
 * Keeps trying every revoked cookie for the rest of the run, through every later fault: a token
 * whose sign-out, ban, demotion, password change or "sign out everywhere" was acknowledged must
 * never be accepted again. Accepted means: `GET /api/user` 200 or `/dashboard` 200 showing the
 * user's email; for a demotion, the admin surfaces (`GET /api/admin/users` 200, `/admin` 200
 * showing the admin counts).
 *
 * Each revoked cookie is also shown once to Auth.js's `GET /api/auth/session`; a fresh cookie it
 * hands out descends from the revoked one and joins the probes (it must be refused just as well).
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
  revivalChecked: boolean;
}

const USER_SURFACES = ['/api/user', '/dashboard'];
const ADMIN_SURFACES = ['/api/admin/users', '/admin'];

export class Prober {
  private readonly revoked: Revoked[] = [];
  /** Per phase and cookie: surfaces that accepted it, how often, and when first. */
  private readonly accepted = new Map<string, { phase: string; label: string; surfaces: Map<string, number>; t: number }>();
  private cursor = 0;
  probes = 0;

  constructor(
    private readonly baseURL: string,
    private readonly rec: Recorder,
    /** Show revoked cookies to `GET /api/auth/session` (issue 13, point 2); off with `--no-lineage`. */
    private readonly lineage = true,
  ) {}

  get size(): number {
    return this.revoked.length;
  }

  add(entry: Omit<Revoked, 'revivalChecked' | 'derived'> & { derived?: boolean }): void {
    this.revoked.push({ derived: false, ...entry, revivalChecked: false });
  }

  private async probe(r: Revoked, surface: string): Promise<void> {
    const t = Date.now();
    const answer = await new ChaosClient(this.baseURL, this.rec, 'probe', r.token).request(surface);
    this.probes++;
    // The app is not answering at all (restarting): do not spin.
    if (answer.status === null) await new Promise((resolve) => setTimeout(resolve, 200));
    const page = !surface.startsWith('/api/');
    const shows = r.adminSurfaces ? answer.body.includes('data-count="users"') : answer.body.includes(r.email);
    if (answer.code !== '200' || (page && !shows)) return;
    const phase = this.rec.phaseAt(t).name;
    const key = `${phase}\t${r.label}`;
    const seen = this.accepted.get(key) ?? { phase, label: r.label, surfaces: new Map<string, number>(), t };
    seen.surfaces.set(surface, (seen.surfaces.get(surface) ?? 0) + 1);
    this.accepted.set(key, seen);
  }

  private async checkRevival(r: Revoked): Promise<void> {
    if (!this.lineage || r.derived || r.revivalChecked) return;
    r.revivalChecked = true;
    const answer = await new ChaosClient(this.baseURL, this.rec, 'probe', r.token).request('/api/auth/session');
    if (answer.newToken) {
      this.add({ ...r, label: `${r.label} → re-issued by GET /api/auth/session`, token: answer.newToken, ackAt: Date.now(), derived: true });
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
    this.report();
  }

  /**
   * Per phase, cookies accepted for the first time are listed one by one (what this fault broke);
   * cookies already accepted in an earlier phase are summed up in one line.
   */
  private report(): void {
    const before = new Set<string>();
    for (const phase of this.rec.phases) {
      const found = [...this.accepted.values()].filter((a) => a.phase === phase.name).sort((a, b) => a.t - b.t);
      const again = found.filter((a) => before.has(a.label));
      for (const a of found.filter((x) => !before.has(x.label))) {
        const where = [...a.surfaces].map(([surface, n]) => `GET ${surface} ×${n}`).join(', ');
        this.rec.violate('revoked', `${a.label}: accepted by ${where} (first ${this.rec.when(a.t, phase)})`, phase.name);
      }
      if (again.length) this.rec.violate('revoked', `… and ${again.length} cookie(s) already accepted in an earlier phase, still accepted`, phase.name);
      for (const a of found) before.add(a.label);
    }
  }
}
