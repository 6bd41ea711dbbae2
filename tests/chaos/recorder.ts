/**
 * What the suite saw: every response (phase, surface, status), and every invariant violation with
 * a sentence a reader can act on. Phases are the fault windows; a request belongs to the phase in
 * which it started.
 */

export type Kind = 'load' | 'probe' | 'op' | 'recovery';

export interface Sample {
  phase: string;
  t: number;
  kind: Kind;
  surface: string;
  /** HTTP status, `200~error`/`200~outage` for a 200 page showing an error boundary, or `ERR` (no answer). */
  code: string;
}

export const INVARIANTS = {
  'no-500': 'no 500 (nor a 200 error page)',
  'outage-503': 'outage pages answer 503',
  revoked: 'revoked tokens stay refused',
  valid: 'valid sessions stay valid',
  'writes-once': 'acknowledged writes exactly once',
  'no-partial': 'refused writes changed nothing',
  recovery: 'recovery <= 5 s, no app restart',
  log: 'no uncaughtException / crash',
} as const;
export type Invariant = keyof typeof INVARIANTS;

export interface Violation {
  phase: string;
  invariant: Invariant;
  detail: string;
}

export interface PhaseInfo {
  name: string;
  description: string;
  start: number;
  /** When the fault was injected and when the dependency was back (undefined for no fault). */
  faultAt?: number;
  backAt?: number;
  end?: number;
  /** Facts to print under the table (recovery time, writes checked, …). */
  notes: string[];
}

export class Recorder {
  readonly samples: Sample[] = [];
  readonly violations: Violation[] = [];
  readonly phases: PhaseInfo[] = [];

  get phase(): PhaseInfo {
    const current = this.phases[this.phases.length - 1];
    if (!current) throw new Error('no phase started');
    return current;
  }

  startPhase(name: string, description: string): PhaseInfo {
    const now = Date.now();
    if (this.phases.length) this.phase.end = now;
    const info: PhaseInfo = { name, description, start: now, notes: [] };
    this.phases.push(info);
    return info;
  }

  endPhase(): void {
    if (this.phases.length) this.phase.end ??= Date.now();
  }

  /** Seconds relative to the current phase's fault (or start), for violation messages. */
  when(t: number, phase: PhaseInfo = this.phaseAt(t)): string {
    const s = (ms: number) => `${ms >= 0 ? '+' : ''}${(ms / 1000).toFixed(1)}s`;
    if (phase.backAt !== undefined && t >= phase.backAt) return `${s(t - phase.backAt)} after recovery`;
    if (phase.faultAt !== undefined && t >= phase.faultAt) return `${s(t - phase.faultAt)} into the fault`;
    return `${s(t - phase.start)} into the phase, before the fault`;
  }

  phaseAt(t: number): PhaseInfo {
    for (let i = this.phases.length - 1; i >= 0; i--) if (this.phases[i]!.start <= t) return this.phases[i]!;
    return this.phases[0]!;
  }

  record(kind: Kind, surface: string, code: string, t = Date.now()): void {
    if (!this.phases.length) return;
    this.samples.push({ phase: this.phaseAt(t).name, t, kind, surface, code });
  }

  violate(invariant: Invariant, detail: string, phase = this.phase.name): void {
    this.violations.push({ phase, invariant, detail });
  }
}
