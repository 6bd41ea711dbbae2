'use client';

import { useActionState } from 'react';
import type { Role } from '@/lib/core/roles';
import { FormNotice } from '@/components/form-notice';
import { idleState as idle } from '@/lib/actions/action-state';
import { changeRoleAction, deleteUserAction, revokeSessionsAction, setBannedAction } from './actions';

const button =
  'rounded-md border border-slate-300 px-2.5 py-1 text-xs font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800';

/** The four admin changes of one user; each is a plain form, so they work without JavaScript. */
export function UserRowActions({ user }: { user: { id: string; email: string; role: Role; banned: boolean } }) {
  const [roleState, roleAction] = useActionState(changeRoleAction, idle);
  const [banState, banAction] = useActionState(setBannedAction, idle);
  const [revokeState, revokeAction] = useActionState(revokeSessionsAction, idle);
  const [deleteState, deleteAction] = useActionState(deleteUserAction, idle);
  const last = [deleteState, revokeState, banState, roleState].find((s) => s.status !== 'idle');
  const nextRole = user.role === 'admin' ? 'user' : 'admin';
  return (
    <div className="flex flex-col gap-1">
      <div className="flex flex-wrap items-center gap-1.5">
        <form action={roleAction}>
          <input type="hidden" name="userId" value={user.id} />
          <input type="hidden" name="role" value={nextRole} />
          <button type="submit" className={button} aria-label={`Make ${user.email} ${nextRole}`}>
            {nextRole === 'admin' ? 'Make admin' : 'Make user'}
          </button>
        </form>
        <form action={banAction}>
          <input type="hidden" name="userId" value={user.id} />
          <input type="hidden" name="banned" value={user.banned ? 'false' : 'true'} />
          <button type="submit" className={button} aria-label={`${user.banned ? 'Unban' : 'Ban'} ${user.email}`}>
            {user.banned ? 'Unban' : 'Ban'}
          </button>
        </form>
        <form action={revokeAction}>
          <input type="hidden" name="userId" value={user.id} />
          <button type="submit" className={button} aria-label={`Revoke sessions of ${user.email}`}>
            Revoke sessions
          </button>
        </form>
        <details>
          <summary className={`${button} cursor-pointer list-none text-red-700 dark:text-red-400`}>Delete…</summary>
          <form action={deleteAction} className="mt-1">
            <input type="hidden" name="userId" value={user.id} />
            <button type="submit" className={`${button} border-red-400 text-red-700 dark:text-red-400`} aria-label={`Confirm deleting ${user.email}`}>
              Confirm delete
            </button>
          </form>
        </details>
      </div>
      {last ? <FormNotice state={last} compact /> : null}
    </div>
  );
}
