'use server';

import { revalidatePath } from 'next/cache';
import { validatedAction } from '@/lib/actions/safe-action';
import { changeUserAsAdmin } from '@/lib/admin-users';
import { banFormSchema, roleFormSchema, targetFormSchema } from '@/lib/schemas/admin-user';

/**
 * Each action re-checks the admin session itself (`validatedAction('admin')`): the page's check does
 * not cover it. Every admin write is sensitive (sudo mode: a recent authentication, `ADMIN_WRITE`).
 */
const ADMIN_WRITE = { sudo: true } as const;

export const changeRoleAction = validatedAction('admin', roleFormSchema, async ({ userId, role }, session) => {
  await changeUserAsAdmin(session.user.id, userId, { kind: 'update', role });
  revalidatePath('/admin/users');
  return { status: 'success', message: `Role changed to ${role}` };
}, ADMIN_WRITE);

export const setBannedAction = validatedAction('admin', banFormSchema, async ({ userId, banned }, session) => {
  await changeUserAsAdmin(session.user.id, userId, { kind: 'update', banned });
  revalidatePath('/admin/users');
  return { status: 'success', message: banned ? 'User banned and signed out' : 'User unbanned' };
}, ADMIN_WRITE);

export const revokeSessionsAction = validatedAction('admin', targetFormSchema, async ({ userId }, session) => {
  await changeUserAsAdmin(session.user.id, userId, { kind: 'revoke_sessions' });
  revalidatePath('/admin/users');
  return { status: 'success', message: 'Every session of this user was revoked' };
}, ADMIN_WRITE);

export const deleteUserAction = validatedAction('admin', targetFormSchema, async ({ userId }, session) => {
  await changeUserAsAdmin(session.user.id, userId, { kind: 'delete' });
  revalidatePath('/admin/users');
  return { status: 'success', message: 'User deleted' };
}, ADMIN_WRITE);
