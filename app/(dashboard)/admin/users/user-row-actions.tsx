'use client';
/**
 * The admin changes of one user. Each is a two-step `ConfirmStep` (the same pattern as deleting a
 * product: nothing risky happens on one click) and a plain form, so all work without JavaScript.
 * The last active admin is offered none of the changes that would remove them (they always fail).
 */
import { useActionState } from 'react';
import type { Role } from '@/lib/core/roles';
import { ConfirmStep } from '@/components/confirm-step';
import { ConfirmItsYou } from '@/components/confirm-its-you';
import { FormNotice } from '@/components/form-notice';
import { idleState as idle } from '@/lib/actions/action-state';
import { changeRoleAction, deleteUserAction, revokeSessionsAction, setBannedAction } from './actions';

export type RowUser = { id: string; email: string; role: Role; banned: boolean };

export function UserRowActions({ user, lastAdmin = false }: { user: RowUser; lastAdmin?: boolean }) {
  const [roleState, roleAction] = useActionState(changeRoleAction, idle);
  const [banState, banAction] = useActionState(setBannedAction, idle);
  const [revokeState, revokeAction] = useActionState(revokeSessionsAction, idle);
  const [deleteState, deleteAction] = useActionState(deleteUserAction, idle);
  const last = [deleteState, revokeState, banState, roleState].find((s) => s.status !== 'idle');
  const nextRole = user.role === 'admin' ? 'user' : 'admin';
  const email = <strong className="break-all">{user.email}</strong>;
  const common = { subject: user.email, group: `user-${user.id}`, floating: true } as const;
  return (
    <div className="relative flex flex-col gap-1 sm:items-end">
      <div className="flex flex-wrap items-center gap-1.5">
        {lastAdmin ? (
          <p className="text-xs text-slate-600 dark:text-slate-400">Only admin: add another admin before changing this account.</p>
        ) : (
          <ConfirmStep
            {...common}
            trigger={nextRole === 'admin' ? 'Make admin…' : 'Make user…'}
            prompt={
              nextRole === 'admin' ? (
                <>Make {email} an admin? They can then manage every user.</>
              ) : (
                <>Make {email} a regular user? They lose access to the admin pages at once.</>
              )
            }
            confirmLabel={nextRole === 'admin' ? 'Yes, make admin' : 'Yes, make user'}
            pendingLabel="Changing…"
            action={roleAction}
            fields={{ userId: user.id, role: nextRole }}
            answer={roleState}
          />
        )}
        {lastAdmin ? null : (
          <ConfirmStep
            {...common}
            trigger={user.banned ? 'Unban…' : 'Ban…'}
            prompt={user.banned ? <>Unban {email}? They can sign in again.</> : <>Ban {email}? They are signed out everywhere and cannot sign in.</>}
            confirmLabel={user.banned ? 'Yes, unban' : 'Yes, ban'}
            pendingLabel={user.banned ? 'Unbanning…' : 'Banning…'}
            action={banAction}
            fields={{ userId: user.id, banned: user.banned ? 'false' : 'true' }}
            danger={!user.banned}
            answer={banState}
          />
        )}
        <ConfirmStep
          {...common}
          trigger="Revoke sessions…"
          prompt={<>Sign {email} out on every device? They can sign in again.</>}
          confirmLabel="Yes, revoke sessions"
          pendingLabel="Revoking…"
          action={revokeAction}
          fields={{ userId: user.id }}
          answer={revokeState}
        />
        {lastAdmin ? null : (
          <ConfirmStep
            {...common}
            trigger="Delete…"
            prompt={<>Delete {email} and everything they own? This cannot be undone.</>}
            confirmLabel="Yes, delete"
            pendingLabel="Deleting…"
            action={deleteAction}
            fields={{ userId: user.id }}
            danger
            answer={deleteState}
          />
        )}
      </div>
      {last ? <FormNotice state={last} compact /> : null}
      <ConfirmItsYou state={roleState} action={roleAction} />
      <ConfirmItsYou state={banState} action={banAction} />
      <ConfirmItsYou state={revokeState} action={revokeAction} />
      <ConfirmItsYou state={deleteState} action={deleteAction} />
    </div>
  );
}
