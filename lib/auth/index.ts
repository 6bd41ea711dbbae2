/** The data access layer for identity: import from here, not from the files behind it. */
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
