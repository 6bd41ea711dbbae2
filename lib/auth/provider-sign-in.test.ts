import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { providerAccounts, users } from '@/db/schema';
import { useFreshBackends } from '@/tests/helpers/db';
import { createTestUser } from '@/tests/helpers/users';
import { disconnectProvider, LAST_SIGN_IN_METHOD } from './connected-accounts';
import { connectProviderIdentity, signInWithProviderIdentity, type ProviderIdentity } from './provider-sign-in';

beforeAll(async () => {
  await useFreshBackends();
});

const identity = (over: Partial<ProviderIdentity> = {}): ProviderIdentity => ({
  provider: 'oidc',
  providerAccountId: `sub-${randomUUID()}`,
  email: `p-${randomUUID().slice(0, 8)}@example.test`,
  emailVerified: true,
  name: 'Pat Provider',
  ...over,
});

async function rowsFor(email: string) {
  const db = await getDb();
  return db.select({ id: users.id, verified: users.emailVerifiedAt, hash: users.passwordHash }).from(users).where(eq(users.email, email));
}
async function linksOf(userId: string) {
  const db = await getDb();
  return db.select().from(providerAccounts).where(eq(providerAccounts.userId, userId));
}
async function verify(userId: string) {
  const db = await getDb();
  await db.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, userId));
}

describe('provider sign-in rules (security case 80)', () => {
  it('a verified address with no account creates one, verified, with the identity linked', async () => {
    const who = identity();
    const result = await signInWithProviderIdentity(who);
    expect(result).toMatchObject({ ok: true, created: true, user: { email: who.email, emailVerified: true, role: 'user' } });
    const [row] = await rowsFor(who.email!);
    expect(row?.verified).not.toBeNull();
    expect(row?.hash).toBeNull();
    expect((await linksOf(row!.id)).map((l) => [l.provider, l.providerAccountId])).toEqual([['oidc', who.providerAccountId]]);
  });

  it('a known identity opens its account again, whatever address the provider now says, and records last use', async () => {
    const who = identity();
    const first = await signInWithProviderIdentity(who);
    const db = await getDb();
    await db.update(providerAccounts).set({ lastUsedAt: new Date(0) }).where(eq(providerAccounts.providerAccountId, who.providerAccountId));
    const again = await signInWithProviderIdentity({ ...who, email: 'someone-else@example.test', emailVerified: false });
    expect(again).toMatchObject({ ok: true, created: false });
    expect(again.ok && first.ok && again.user.id === first.user.id).toBe(true);
    const [link] = await linksOf(first.ok ? first.user.id : '');
    expect(link!.lastUsedAt!.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(await rowsFor('someone-else@example.test')).toEqual([]);
  });

  it('an unverified or missing provider address never creates an account', async () => {
    const unverified = identity({ emailVerified: false });
    expect(await signInWithProviderIdentity(unverified)).toEqual({ ok: false, code: 'provider_unverified' });
    expect(await rowsFor(unverified.email!)).toEqual([]);
    expect(await signInWithProviderIdentity(identity({ email: null }))).toEqual({ ok: false, code: 'provider_unverified' });
  });

  it('an unverified provider address never joins an existing account, even a verified one', async () => {
    const owner = await createTestUser();
    await verify(owner.id);
    expect(await signInWithProviderIdentity(identity({ email: owner.email, emailVerified: false }))).toEqual({ ok: false, code: 'provider_unverified' });
    expect(await linksOf(owner.id)).toEqual([]);
  });

  it('an existing account with an unverified address is refused (pre-account takeover), nothing linked', async () => {
    // The attacker registered the victim's address with a password and never verified it.
    const squatter = await createTestUser({ email: `victim-${randomUUID().slice(0, 6)}@example.test` });
    const victim = identity({ email: squatter.email });
    expect(await signInWithProviderIdentity(victim)).toEqual({ ok: false, code: 'link_required' });
    expect(await linksOf(squatter.id)).toEqual([]);
    // Asked again, still refused: the refusal left nothing behind that a second attempt could use.
    expect(await signInWithProviderIdentity(victim)).toEqual({ ok: false, code: 'link_required' });
  });

  it('both addresses verified: the identity is linked to the existing account (admins too)', async () => {
    const admin = await createTestUser({ role: 'admin' });
    await verify(admin.id);
    const who = identity({ email: admin.email.toUpperCase() });
    const result = await signInWithProviderIdentity(who);
    expect(result).toMatchObject({ ok: true, created: false, user: { id: admin.id, role: 'admin' } });
    expect((await linksOf(admin.id)).map((l) => l.providerAccountId)).toEqual([who.providerAccountId]);
  });

  it('a banned user gets no session through a linked identity, nor by address', async () => {
    const who = identity();
    const first = await signInWithProviderIdentity(who);
    const db = await getDb();
    await db.update(users).set({ bannedAt: new Date() }).where(eq(users.id, first.ok ? first.user.id : ''));
    expect(await signInWithProviderIdentity(who)).toEqual({ ok: false, code: 'account_disabled' });
    expect(await signInWithProviderIdentity(identity({ email: who.email }))).toEqual({ ok: false, code: 'account_disabled' });
  });

  it("a deleted user's identities go with it; the identity then starts over", async () => {
    const who = identity();
    const first = await signInWithProviderIdentity(who);
    const db = await getDb();
    await db.delete(users).where(eq(users.id, first.ok ? first.user.id : ''));
    expect(await db.select().from(providerAccounts).where(eq(providerAccounts.providerAccountId, who.providerAccountId))).toEqual([]);
    const again = await signInWithProviderIdentity(who);
    expect(again).toMatchObject({ ok: true, created: true });
  });
});

describe('connecting and disconnecting (security case 80)', () => {
  it('connect links an identity to this account; one linked elsewhere is refused', async () => {
    const me = await createTestUser();
    const key = { provider: 'oidc', providerAccountId: `sub-${randomUUID()}` };
    expect(await connectProviderIdentity(me.id, key)).toBe('connected');
    expect(await connectProviderIdentity(me.id, key)).toBe('already');
    const other = await createTestUser();
    expect(await connectProviderIdentity(other.id, key)).toBe('elsewhere');
    expect(await linksOf(other.id)).toEqual([]);
    // The connected identity now opens this account, though its address is the squatted one's.
    expect(await signInWithProviderIdentity({ ...key, email: other.email, emailVerified: true })).toMatchObject({ ok: true, user: { id: me.id } });
  });

  it('disconnect removes an identity unless it is the last way to sign in', async () => {
    const who = identity();
    const created = await signInWithProviderIdentity(who);
    const userId = created.ok ? created.user.id : '';
    await expect(disconnectProvider(userId, 'oidc')).rejects.toMatchObject({ status: 409, message: LAST_SIGN_IN_METHOD });
    expect(await linksOf(userId)).toHaveLength(1);
    await connectProviderIdentity(userId, { provider: 'github', providerAccountId: '4242' + randomUUID().slice(0, 4) });
    await disconnectProvider(userId, 'oidc');
    expect((await linksOf(userId)).map((l) => l.provider)).toEqual(['github']);
    await expect(disconnectProvider(userId, 'github')).rejects.toMatchObject({ status: 409 });

    const withPassword = await createTestUser();
    await connectProviderIdentity(withPassword.id, { provider: 'oidc', providerAccountId: `sub-${randomUUID()}` });
    await disconnectProvider(withPassword.id, 'oidc');
    expect(await linksOf(withPassword.id)).toEqual([]);
    await expect(disconnectProvider(withPassword.id, 'oidc')).rejects.toMatchObject({ status: 404 });
  });
});
