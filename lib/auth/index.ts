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
  ADMIN_MFA_ENROL_PATH,
  lacksRequiredAdminFactor,
  type AdminSession,
} from './guards';
// Sudo mode: sensitive actions need a recent authentication (`reauthAt`).
export { isRecentlyAuthenticated, requireRecentAuthentication, confirmIdentity, type IdentityProof } from './reauth';
// Reads keyed by the token's user id, started while the freshness check decides.
export { withSession, type ClaimedUser } from './with-session';
// The write side: the one re-issue path, clearing the cookie, ending sessions, authz changes.
export { reissueSession, clearSessionCookie, claimsFrom, type ClaimsUpdate } from './session-cookie';
export { endCurrentSignIn, endSignInOf, signOutEverywhere, signOutOtherDevices } from './revocation';
export { listDevices, signOutDevice, endUserSessionAsAdmin, SESSION_NOT_FOUND, type DeviceSession } from './devices';
export { checkAuthJsToken, runRecordingOutage, startSignIn } from './authjs-token';
export { changeOwnPassword } from './password-change';
export { verifyCurrentPassword, WRONG_CURRENT_PASSWORD } from './current-password';
export { signInWithoutPassword } from './direct-sign-in';
// The one path of every change that must reach existing tokens (role, ban, delete, password, sign-outs).
export { changeAuthorization, type AuthzChange, type AuthzOutcome, type AuthzStep } from './change-authorization';
// Second factors: every change of them is an authorization change (audited, mailed).
export { changeFactors, type FactorChange, type FactorNotice } from './factor-change';
export { resetFactorsAsAdmin, NO_FACTOR_TO_RESET } from './factor-reset';
// Passkeys (WebAuthn): the Security page's list and ceremonies, and the `passkey` sign-in provider.
export {
  listOwnPasskeys,
  startPasskeyRegistration,
  finishPasskeyRegistration,
  renameOwnPasskey,
  removeOwnPasskey,
  startPasskeySignIn,
  authorizePasskey,
  PASSKEY_OPTIONS_CLIENT_LIMIT,
  type PasskeyView,
} from './passkeys';
// Signing in (Auth.js's providers in `auth.ts` and its route handler).
export { verifyCredentials, runWithSignInOutcome, type SignedInUser, type CredentialsResult } from './credentials';
export { signInWithProviderIdentity, connectProviderIdentity, type ProviderIdentity, type ProviderSignInResult } from './provider-sign-in';
export { providerSignInCallback } from './provider-callback';
export { providerSignIns, providerAuthMethods, configuredProviders, providerName, OIDC_PROVIDER_ID } from './providers';
export { listConnectedAccounts, startConnectingProvider, disconnectProvider, type ConnectedAccountView } from './connected-accounts';
export { authorizeCredentials } from './credentials-sign-in';
export { ACCOUNT_ATTEMPT_LIMIT, CLIENT_FAILURE_LIMIT, DEVICE_ATTEMPT_LIMIT, SIGN_IN_WINDOW_SECONDS } from './throttle';
export { DEVICE_COOKIE, mintDeviceToken } from './device-cookie';
// Personal access tokens (`Authorization: Bearer es_pat_…` on route handlers; never on pages).
export {
  createAccessToken,
  listAccessTokens,
  revokeAccessToken,
  isTokenSession,
  TOKEN_NOT_FOUND,
  TOKEN_PREFIX,
  MAX_TOKENS_PER_USER,
  TOKEN_FAILURE_LIMIT,
  type AccessTokenView,
  type TokenScope,
  type TokenSession,
  type NewTokenInput,
} from './access-tokens';
// The authenticator app, recovery codes and the second sign-in step.
export {
  startTotpSetup,
  pendingTotpSetup,
  confirmTotpSetup,
  disableTotp,
  regenerateRecoveryCodes,
  getFactorSummary,
  RECOVERY_CODE_COUNT,
  WRONG_CODE,
  TOTP_ALREADY_ON,
  TOTP_NOT_ON,
  type TotpSetup,
} from './second-factor';
export { totpQrSvg } from './totp';
export { startPendingSecondFactor, hasPendingCookie, sealPendingState, TWO_STEP_COOKIE, SECURE_TWO_STEP_COOKIE } from './two-step-pending';
