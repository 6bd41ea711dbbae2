/**
 * The database schema (drizzle). Tables are plural snake_case in SQL, camelCase here, with the
 * inferred row types beside each table. Migrations are generated from this file by drizzle-kit
 * (`npm run db:generate`) and committed under `db/migrations/`.
 */
import { relations, sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  customType,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
// Relative, not '@/': drizzle-kit loads this file without the tsconfig path aliases.
import { ROLES } from '../lib/core/roles';

export const roleEnum = pgEnum('role', ROLES);
export const themeEnum = pgEnum('theme', ['light', 'dark', 'system']);
/** What an emailed one-time token is for (`account_tokens`). */
export const accountTokenPurposeEnum = pgEnum('account_token_purpose', ['password_reset', 'email_verification']);
/** What a short-lived server-side challenge is for (`auth_challenges`). */
export const authChallengePurposeEnum = pgEnum('auth_challenge_purpose', ['passkey_registration', 'passkey_authentication', 'second_factor']);

/** Raw bytes (a WebAuthn public key). */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });


export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    /** Normalised by `normalizeEmail` before every write and lookup. */
    email: text('email').notNull(),
    /** scrypt hash (`lib/password.ts`); null for OAuth-only users. */
    passwordHash: text('password_hash'),
    image: text('image'),
    role: roleEnum('role').notNull().default('user'),
    /** Bumped in the same transaction as every change that must reach existing tokens at once. */
    authzVersion: integer('authz_version').notNull().default(1),
    /** Tokens issued with an authzVersion below this are revoked (sign out everywhere, password change). */
    minSessionVersion: integer('min_session_version').notNull().default(0),
    bannedAt: timestamp('banned_at', { withTimezone: true }),
    /** Set when the user followed a verification link (or an OAuth provider vouched for the email). In the token as `emailVerified`. */
    emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_email_key').on(t.email),
    // Prefix search on the admin list (`text_pattern_ops` lets LIKE 'abc%' use the index).
    index('users_email_prefix_idx').using('btree', t.email.op('text_pattern_ops')),
    index('users_lower_name_prefix_idx').using('btree', sql`lower(${t.name}) text_pattern_ops`),
    // Keyset pagination of the admin list and counting admins.
    index('users_created_at_id_idx').on(t.createdAt, t.id),
    index('users_role_idx').on(t.role),
    check('users_email_lowercase', sql`${t.email} = lower(${t.email})`),
  ],
);

export const profiles = pgTable('profiles', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  bio: text('bio').notNull().default(''),
  location: text('location').notNull().default(''),
  website: text('website').notNull().default(''),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const settings = pgTable('settings', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  theme: themeEnum('theme').notNull().default('system'),
  emailNotifications: boolean('email_notifications').notNull().default(true),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const products = pgTable(
  'products',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    priceCents: integer('price_cents').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Listing one owner's products newest first, keyset-paginated.
    index('products_owner_created_id_idx').on(t.ownerId, t.createdAt, t.id),
    // Listing all products (admins), keyset-paginated.
    index('products_created_id_idx').on(t.createdAt, t.id),
    // The other two sorts of both lists (by name case-insensitively, by price), keyset on (key, id).
    index('products_owner_lower_name_id_idx').on(t.ownerId, sql`lower(${t.name})`, t.id),
    index('products_owner_price_id_idx').on(t.ownerId, t.priceCents, t.id),
    index('products_lower_name_id_idx').on(sql`lower(${t.name})`, t.id),
    index('products_price_id_idx').on(t.priceCents, t.id),
    check('products_price_non_negative', sql`${t.priceCents} >= 0`),
  ],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** Kept when the actor is deleted: the log outlives its subjects. */
    actorId: uuid('actor_id'),
    action: text('action').notNull(),
    targetId: uuid('target_id'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('audit_log_created_id_idx').on(t.createdAt, t.id), index('audit_log_target_idx').on(t.targetId)],
);

/**
 * One row per sign-in (the "sign-in registry"). Its id is the `sid` claim of every token that
 * descends from that sign-in, so ending the row ends them all, whatever `jti` each re-issue got.
 * PostgreSQL is the truth: KV never holds a copy of a row's state.
 */
export const userSessions = pgTable(
  'user_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    /** The sign-in time plus the absolute lifetime: no token of this sign-in is valid after it. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** Set by sign-out, "sign out everywhere", a password change, an admin revocation or a ban. */
    endedAt: timestamp('ended_at', { withTimezone: true }),
    /** As sent at sign-in, truncated (for the account's device list). */
    userAgent: text('user_agent'),
  },
  (t) => [index('user_sessions_user_id_idx').on(t.userId)],
);

/**
 * One-time tokens sent by email (password reset, email verification). Only the SHA-256 of the
 * token is stored: a copy of the table does not let anyone use a link. A used token keeps its row
 * (`used_at`) so a replayed link can be told apart from an unknown one.
 */
export const accountTokens = pgTable(
  'account_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: accountTokenPurposeEnum('purpose').notNull(),
    /** Hex SHA-256 of the 32 random bytes sent in the link. */
    tokenHash: text('token_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('account_tokens_token_hash_key').on(t.tokenHash), index('account_tokens_user_purpose_idx').on(t.userId, t.purpose)],
);

/**
 * A provider identity (GitHub, the configured OpenID Connect provider) linked to one user. The
 * identity is (provider, the provider's stable account id): an email address never joins two
 * identities (`lib/auth/provider-sign-in.ts`). Gone with its user.
 */
export const providerAccounts = pgTable(
  'provider_accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Auth.js's provider id: `github`, `oidc`. */
    provider: text('provider').notNull(),
    /** The provider's subject (`sub` for OpenID Connect, the numeric id for GitHub). */
    providerAccountId: text('provider_account_id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    linkedAt: timestamp('linked_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('provider_accounts_provider_account_key').on(t.provider, t.providerAccountId),
    index('provider_accounts_user_id_idx').on(t.userId),
  ],
);

/**
 * A passkey (WebAuthn credential) of one user. `id` is the credential id (base64url) the
 * authenticator returns; the public key is the COSE key @simplewebauthn/server extracted. A
 * signature counter that goes backwards is refused (a cloned authenticator). Gone with its user.
 */
export const webauthnCredentials = pgTable(
  'webauthn_credentials',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    publicKey: bytea('public_key').notNull(),
    counter: bigint('counter', { mode: 'number' }).notNull().default(0),
    /** The transports the browser reported (`internal`, `hybrid`, …), as hints for the next ceremony. */
    transports: text('transports').array().notNull().default(sql`'{}'::text[]`),
    /** `singleDevice` or `multiDevice` (synced), and whether it is backed up, as the authenticator said. */
    deviceType: text('device_type').notNull().default('singleDevice'),
    backedUp: boolean('backed_up').notNull().default(false),
    /** The user's own label ("Work laptop"). */
    name: text('name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [index('webauthn_credentials_user_id_idx').on(t.userId)],
);

/**
 * A user's authenticator app (TOTP, RFC 6238). The secret is encrypted at rest (AES-256-GCM, key
 * derived from AUTH_SECRET for this purpose). A row with `confirmed_at` null is a pending set-up;
 * `last_used_step` makes every code single-use (a conditional UPDATE accepts only a later step).
 */
export const totpFactors = pgTable('totp_factors', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  secretEncrypted: text('secret_encrypted').notNull(),
  confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
  lastUsedStep: bigint('last_used_step', { mode: 'number' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Single-use recovery codes (SHA-256 of each, never the code). Regenerating deletes the old set. */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('recovery_codes_user_hash_key').on(t.userId, t.codeHash)],
);

/**
 * Short-lived, single-use server-side state of a ceremony: a WebAuthn challenge, or a "second
 * factor pending" sign-in attempt. Bound to the browser that asked (`binding_hash`: SHA-256 of a
 * random value in that browser's cookie) and consumed with `DELETE … RETURNING`, so two instances
 * can never both accept it.
 */
export const authChallenges = pgTable(
  'auth_challenges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    purpose: authChallengePurposeEnum('purpose').notNull(),
    /** The user it is for (registration, second factor); null for a usernameless passkey sign-in. */
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    /** The WebAuthn challenge (base64url), or empty for a second-factor attempt. */
    challenge: text('challenge').notNull().default(''),
    bindingHash: text('binding_hash').notNull(),
    /** Anything the ceremony must carry to its end (the user's authz version at the password check, the redirect). */
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('auth_challenges_expires_at_idx').on(t.expiresAt)],
);

export const tokenScopeEnum = pgEnum('token_scope', ['read', 'write']);

/**
 * Personal access tokens (`Authorization: Bearer es_pat_…`). Only the SHA-256 of the secret is
 * stored. A revoke sets `revoked_at` inside an authorization change (the user's version is bumped),
 * so KV's copy of the row is untrusted from the next request on; PostgreSQL is the truth.
 */
export const personalAccessTokens = pgTable(
  'personal_access_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    scope: tokenScopeEnum('scope').notNull(),
    tokenHash: text('token_hash').notNull(),
    /** The creating session's methods (`amr`): an admin token counts as multi-factor only if it was made from one. */
    amr: jsonb('amr').$type<string[]>().notNull().default(['pwd']),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    /** Written at most once an hour. */
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('personal_access_tokens_user_id_idx').on(t.userId)],
);

export const usersRelations = relations(users, ({ one, many }) => ({
  profile: one(profiles, { fields: [users.id], references: [profiles.userId] }),
  settings: one(settings, { fields: [users.id], references: [settings.userId] }),
  products: many(products),
  sessions: many(userSessions),
}));
export const profilesRelations = relations(profiles, ({ one }) => ({
  user: one(users, { fields: [profiles.userId], references: [users.id] }),
}));
export const settingsRelations = relations(settings, ({ one }) => ({
  user: one(users, { fields: [settings.userId], references: [users.id] }),
}));
export const productsRelations = relations(products, ({ one }) => ({
  owner: one(users, { fields: [products.ownerId], references: [users.id] }),
}));

export const userSessionsRelations = relations(userSessions, ({ one }) => ({
  user: one(users, { fields: [userSessions.userId], references: [users.id] }),
}));

export type UserRow = typeof users.$inferSelect;
export type NewUserRow = typeof users.$inferInsert;
export type ProfileRow = typeof profiles.$inferSelect;
export type SettingsRow = typeof settings.$inferSelect;
export type ProductRow = typeof products.$inferSelect;
export type AuditLogRow = typeof auditLog.$inferSelect;
export type UserSessionRow = typeof userSessions.$inferSelect;
export type AccountTokenRow = typeof accountTokens.$inferSelect;
export type ProviderAccountRow = typeof providerAccounts.$inferSelect;
export type WebauthnCredentialRow = typeof webauthnCredentials.$inferSelect;
export type TotpFactorRow = typeof totpFactors.$inferSelect;
export type RecoveryCodeRow = typeof recoveryCodes.$inferSelect;
export type AuthChallengeRow = typeof authChallenges.$inferSelect;
