/**
 * The data access layer for identity: everything outside `lib/auth` imports from here (ESLint
 * forbids deep imports), so the files behind it can change without touching their callers.
 */
// Reading the session and the guards.
export { getSession, lookupSession, type AppSession, type SessionUser } from './session';
export {
  requireAuth,
  requireAdmin,
  requireApiSession,
  requireApiAdmin,
  getCurrentUser,
  checkOwnership,
  SESSION_ENDED_PATH,
  type AdminSession,
} from './guards';
// Reads keyed by the token's user id, started while the freshness check decides.
export { withSession, type ClaimedUser } from './with-session';
// The write side: the one re-issue path, clearing the cookie, ending sessions, authz changes.
export { reissueSession, clearSessionCookie, type ClaimsUpdate } from './session-cookie';
export { endCurrentSignIn, endSignInOf, signOutEverywhere, signOutOtherDevices } from './revocation';
export { listDevices, signOutDevice, endUserSessionAsAdmin, SESSION_NOT_FOUND, type DeviceSession } from './devices';
export { checkAuthJsToken, runRecordingOutage, startSignIn } from './authjs-token';
export { changeOwnPassword, WRONG_CURRENT_PASSWORD } from './password-change';
export { signInWithoutPassword } from './direct-sign-in';
// The one path of every change that must reach existing tokens (role, ban, delete, password, sign-outs).
export { changeAuthorization, type AuthzChange, type AuthzOutcome, type AuthzStep } from './change-authorization';
// Signing in (Auth.js's providers in `auth.ts` and its route handler).
export { verifyCredentials, runWithSignInOutcome, type SignedInUser, type CredentialsResult } from './credentials';
export { findOrCreateOAuthUser } from './oauth';
export { ACCOUNT_ATTEMPT_LIMIT, CLIENT_FAILURE_LIMIT, SIGN_IN_WINDOW_SECONDS } from './throttle';
