/**
 * Bounded mixed load: a few workers, each a signed-in user looping over pages, API reads, product
 * writes (create, then price changes of its own products) and fresh sign-ins, until stopped.
 *
 * Every write is remembered with its outcome, so the end of the run can check PostgreSQL:
 * acknowledged → present exactly once; refused (any HTTP error status) → absent / not applied;
 * unanswered → either, at most once. A worker whose valid session is refused notes it (a fault
 * must never sign anyone out) and signs in again.
 */
import { ChaosClient, type Answer } from './client';
import type { Recorder } from './recorder';

export type Outcome = 'ack' | 'refused' | 'unknown';

export interface CreateAttempt {
  phase: string;
  t: number;
  name: string;
  outcome: Outcome;
  status: string;
}

export interface PatchAttempt {
  phase: string;
  t: number;
  productId: string;
  priceCents: number;
  outcome: Outcome;
  status: string;
}

export interface Account {
  email: string;
  password: string;
  name: string;
}

export function outcomeOf(answer: Answer, success: number): Outcome {
  if (answer.status === null) return 'unknown';
  return answer.status === success ? 'ack' : 'refused';
}

export class Writes {
  readonly creates: CreateAttempt[] = [];
  readonly patches: PatchAttempt[] = [];
  private seq = 0;
  private price = 1_000;

  constructor(
    private readonly rec: Recorder,
    private readonly runId: string,
  ) {}

  /** POST /api/products with a name used by no other attempt; returns the new id when acknowledged. */
  async create(client: ChaosClient, who: string): Promise<{ id?: string; answer: Answer }> {
    const name = `chaos-${this.runId}-${who}-${++this.seq}`;
    const t = Date.now();
    const answer = await client.request('/api/products', { method: 'POST', json: { name, priceCents: 100 } });
    const outcome = outcomeOf(answer, 201);
    this.creates.push({ phase: this.rec.phaseAt(t).name, t, name, outcome, status: answer.code });
    return { id: outcome === 'ack' ? (JSON.parse(answer.body) as { id: string }).id : undefined, answer };
  }

  /** PATCH /api/products/:id with a price no other attempt uses. */
  async patch(client: ChaosClient, productId: string): Promise<Answer> {
    const priceCents = ++this.price;
    const t = Date.now();
    const answer = await client.request(`/api/products/${productId}`, { method: 'PATCH', json: { priceCents } });
    this.patches.push({ phase: this.rec.phaseAt(t).name, t, productId, priceCents, outcome: outcomeOf(answer, 200), status: answer.code });
    return answer;
  }
}

const PAGES = ['/dashboard', '/products', '/profile'];

/** A refusal of a session that nothing revoked: 401 from the API, or a page sending it to sign in. */
function refusesSession(answer: Answer, path: string): boolean {
  if (path.startsWith('/api/')) return answer.status === 401;
  return (answer.status === 307 || answer.status === 303 || answer.status === 302) && /\/(login|session-ended)/.test(answer.location);
}

export function startLoad(opts: { baseURL: string; rec: Recorder; writes: Writes; accounts: Account[]; stop: () => boolean }): Promise<void> {
  const { baseURL, rec, writes, stop } = opts;
  const refusals = new Map<string, { count: number; first: string }>();
  const note = (phase: string, what: string, when: string) => {
    const key = `${phase}\t${what}`;
    const seen = refusals.get(key);
    if (seen) seen.count++;
    else refusals.set(key, { count: 1, first: when });
  };

  const worker = async (account: Account, index: number) => {
    const who = `w${index}`;
    let client = new ChaosClient(baseURL, rec, 'load');
    const products: string[] = [];
    for (let step = index; !stop(); step++) {
      if (!client.token) {
        const fresh = new ChaosClient(baseURL, rec, 'load');
        if (await fresh.signIn(account.email, account.password)) client = fresh;
        else await sleep(250);
        continue;
      }
      const t = Date.now();
      const pick = step % 9;
      let answer: Answer | undefined;
      let path = '';
      if (pick < 3) answer = await client.request((path = PAGES[pick]!));
      else if (pick === 3) answer = await client.request((path = '/api/user'));
      else if (pick === 4) answer = await client.request((path = '/api/products?limit=5'));
      else if (pick === 5) {
        const created = await writes.create(client, who);
        if (created.id) products.push(created.id);
        answer = created.answer;
        path = '/api/products';
      } else if (pick === 6 && products.length) {
        answer = await writes.patch(client, products[step % products.length]!);
        path = '/api/products/:id';
      }
      else if (pick === 7) answer = await client.request((path = `/api/products/${products[0] ?? '00000000-0000-4000-8000-000000000000'}`));
      else if (pick === 8 && step % 4 === 0) await new ChaosClient(baseURL, rec, 'load').signIn(account.email, account.password);
      if (answer && refusesSession(answer, path)) {
        const where = answer.location ? ` → ${answer.location.replace(/^https?:\/\/[^/]+/, '').replace(/\?.*$/, '')}` : '';
        note(rec.phaseAt(t).name, `load user ${who}: ${pick === 5 ? 'POST' : pick === 6 ? 'PATCH' : 'GET'} ${path.replace(/\?.*$/, '').replace(/\/[0-9a-f-]{36}$/, '/:id')} answered ${answer.code}${where}`, rec.when(t));
        client.api.jar.delete('authjs.session-token');
      }
      await sleep(answer?.status === null ? 200 : 15);
    }
  };

  return Promise.all(opts.accounts.map((a, i) => worker(a, i))).then(() => {
    for (const [key, { count, first }] of refusals) {
      const [phase, what] = key.split('\t') as [string, string];
      rec.violate('valid', `${what} ${count}× (first ${first})`, phase);
    }
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
