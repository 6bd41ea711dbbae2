/**
 * The account's devices: the live sign-ins of the registry (`user_sessions`) with a readable
 * device name, and ending them one by one. Read only by the device list (`/profile/security`,
 * `GET /api/user/sessions`) and the admin's user page; a request's session check never reads it.
 */
import 'server-only';
import { listLiveSignIns } from '@/db/queries/sessions';
import { notFound } from '@/lib/core/errors';
import { describeUserAgent } from '@/lib/core/user-agent';
import { endSignInOf } from './revocation';
import { clearSessionCookie } from './session-cookie';

export interface DeviceSession {
  /** The sign-in id (`sid`): what ending this device takes. */
  id: string;
  /** "Chrome on macOS" (from the User-Agent at sign-in). */
  device: string;
  createdAt: Date;
  /** When its cookie last slid (day granularity). */
  lastSeenAt: Date;
  /** The sign-in of the request asking. */
  current: boolean;
}

export const SESSION_NOT_FOUND = 'Session not found';

/** Live sign-ins of `userId`, most recently active first; `currentSid` marks this device. */
export async function listDevices(userId: string, currentSid?: string): Promise<DeviceSession[]> {
  const rows = await listLiveSignIns(userId);
  return rows.map((row) => ({
    id: row.id,
    device: describeUserAgent(row.userAgent),
    createdAt: row.createdAt,
    lastSeenAt: row.lastSeenAt,
    current: row.id === currentSid,
  }));
}

/**
 * "Sign out this device" by the account's owner: ends sign-in `id` of `userId`, effective on that
 * device's next request. An id that is not a live sign-in of this user (another user's, unknown,
 * already ended) is the same 404. Ending the current sign-in also clears this cookie.
 * Returns whether it was the current one.
 */
export async function signOutDevice(userId: string, currentSid: string, id: string): Promise<{ current: boolean }> {
  if (!(await endSignInOf(userId, id))) throw notFound(SESSION_NOT_FOUND);
  const current = id === currentSid;
  if (current) await clearSessionCookie();
  return { current };
}

/** An admin ends one sign-in of a user (audited with the actor, in the same transaction). 404 as above. */
export async function endUserSessionAsAdmin(actorId: string, userId: string, id: string): Promise<void> {
  if (!(await endSignInOf(userId, id, { actorId }))) throw notFound(SESSION_NOT_FOUND);
}
