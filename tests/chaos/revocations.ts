/**
 * The five changes that must end (or shrink) existing sessions, made around each fault by real
 * clients: sign-out (Auth.js), ban and demotion (admin API), password change (the server action)
 * and "sign out everywhere" (`DELETE /api/user/sessions`). Sessions are signed in while nothing is
 * broken; the change itself is made before or during the fault. An acknowledged change hands its
 * cookies to the prober; every change's outcome is kept for the database check at the end.
 */
import { acknowledged, ChaosClient, type Answer } from './client';
import type { Account, Outcome } from './load';
import type { Prober } from './prober';
import type { Recorder } from './recorder';

export type ChangeKind = 'sign-out' | 'ban' | 'demotion' | 'password' | 'everywhere';
export const CHANGE_KINDS: ChangeKind[] = ['sign-out', 'ban', 'demotion', 'password', 'everywhere'];

export interface Member extends Account {
  id: string;
}

export interface ChangeRecord {
  label: string;
  kind: ChangeKind;
  phase: string;
  user: Member;
  outcome: Outcome;
  status: string;
  /** For the password check: the hash before the change. */
  hashBefore?: string;
}

interface Prepared {
  kind: ChangeKind;
  user: Member;
  /** Signed-in sessions: [0] makes the change (its own), [1] is another device or a re-issued copy. */
  tokens: string[];
  hashBefore?: string;
}

export class Changes {
  readonly records: ChangeRecord[] = [];

  constructor(
    private readonly baseURL: string,
    private readonly rec: Recorder,
    private readonly prober: Prober,
    private readonly admin: ChaosClient,
    private readonly hashOf: (userId: string) => Promise<string>,
    /** Also end a copy re-issued to the same sign-in (issue 13, point 2); off with `--no-lineage`. */
    private readonly lineage = true,
  ) {}

  private client(token?: string): ChaosClient {
    return new ChaosClient(this.baseURL, this.rec, 'op', token);
  }

  /** A fresh session. Sessions are prepared while nothing is broken, so a refusal is a violation; retried so the change still gets made. */
  private async signedIn(user: Member): Promise<string> {
    for (let attempt = 1; attempt <= 3; attempt++) {
      const c = this.client();
      const t = Date.now();
      if ((await c.signIn(user.email, user.password)) && c.token) return c.token;
      this.rec.violate('valid', `sign-in with the right password, no fault active, answered ${c.lastSignIn} ${this.rec.when(t)} (attempt ${attempt}, ${user.email})`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    return '';
  }

  /** Signs in the sessions one change needs, while the dependencies are up. */
  async prepare(kind: ChangeKind, user: Member): Promise<Prepared> {
    const first = await this.signedIn(user);
    const tokens = [first];
    if (kind === 'sign-out' && first && this.lineage) {
      // A profile change re-issues the cookie: both copies descend from one sign-in.
      const c = this.client(first);
      const res = await c.request('/api/user', { method: 'PATCH', json: { name: `${user.name} (renamed)` } });
      if (res.status === 200 && c.token && c.token !== first) tokens.push(c.token);
    }
    if (kind === 'password' || kind === 'everywhere') tokens.push(await this.signedIn(user));
    // Each cookie must work before the change, or probing it later would prove nothing.
    const surface = kind === 'demotion' ? '/api/admin/users' : '/api/user';
    for (const token of tokens.filter(Boolean)) {
      const res = await this.client(token).request(surface);
      if (res.status !== 200) this.rec.violate('valid', `a fresh session of ${user.email} got ${res.code} on GET ${surface} before any change (preparing ${kind})`);
    }
    return { kind, user, tokens, hashBefore: kind === 'password' ? await this.hashOf(user.id) : undefined };
  }

  private async perform(p: Prepared): Promise<{ answer: Answer; ok: boolean }> {
    const own = this.client(p.tokens[0]);
    switch (p.kind) {
      case 'sign-out': {
        const answer = await own.signOut();
        return { answer, ok: acknowledged(answer) };
      }
      case 'ban':
      case 'demotion': {
        const answer = await this.admin.request(`/api/admin/users/${p.user.id}`, { method: 'PATCH', json: p.kind === 'ban' ? { banned: true } : { role: 'user' } });
        return { answer, ok: answer.status === 200 };
      }
      case 'password': {
        const answer = await own.changePassword(p.user.password, `${p.user.password}-next`);
        return { answer, ok: answer.status === 200 && answer.body.includes('Password changed') };
      }
      case 'everywhere': {
        const answer = await own.request('/api/user/sessions', { method: 'DELETE' });
        return { answer, ok: answer.status === 204 };
      }
    }
  }

  /** One note per phase and moment: each change's answer and whether it counted as acknowledged. */
  summarize(): void {
    for (const phase of this.rec.phases) {
      for (const moment of ['before', 'during']) {
        const mine = this.records.filter((r) => r.phase === phase.name && r.label.endsWith(`/${moment}`));
        if (mine.length) phase.notes.push(`changes ${moment} the fault: ${mine.map((r) => `${r.kind} ${r.status} (${r.outcome === 'ack' ? 'acknowledged' : r.outcome})`).join(', ')}`);
      }
    }
  }

  /** Makes the change; on success the cookies it must end go to the prober. */
  async run(p: Prepared, moment: 'before' | 'during'): Promise<void> {
    if (!p.tokens[0]) return;
    const label = `${p.kind}@${this.rec.phase.name}/${moment}`;
    const { answer, ok } = await this.perform(p);
    const ackAt = Date.now();
    const outcome: Outcome = ok ? 'ack' : answer.status === null ? 'unknown' : 'refused';
    if ((p.kind === 'ban' || p.kind === 'demotion') && (answer.status === 401 || answer.status === 403)) {
      this.rec.violate('valid', `the admin's own session was refused (${answer.code}) on PATCH /api/admin/users/:id ${this.rec.when(ackAt)}`);
    }
    this.records.push({ label, kind: p.kind, phase: this.rec.phase.name, user: p.user, outcome, status: answer.code, hashBefore: p.hashBefore });
    if (!ok) return;
    const add = (token: string | undefined, what: string, adminSurfaces = false) => {
      if (token) this.prober.add({ label: `${label}: ${what}`, token, email: p.user.email, adminSurfaces, ackAt });
    };
    if (p.kind === 'sign-out') {
      add(p.tokens[0], 'the cookie signed out');
      add(p.tokens[1], 'a copy re-issued (profile change) before the sign-out');
    } else if (p.kind === 'ban') add(p.tokens[0], 'the banned user’s cookie');
    else if (p.kind === 'demotion') add(p.tokens[0], 'the demoted admin’s cookie (admin surfaces)', true);
    else if (p.kind === 'password') add(p.tokens[1], 'another device after the password change');
    else {
      add(p.tokens[0], 'the cookie that signed out everywhere');
      add(p.tokens[1], 'another device');
    }
  }
}
