'use client';

import { useActionState } from 'react';
import { ConfirmItsYou } from '@/components/confirm-its-you';
import { FormNotice } from '@/components/form-notice';
import { SessionTimes } from '@/components/session-times';
import { SubmitButton } from '@/components/submit-button';
import { idleState } from '@/lib/actions/action-state';
import { signOutDeviceAction, signOutOtherDevicesAction } from './actions';

/** One live sign-in as the page passes it (dates as `YYYY-MM-DD`, UTC: last activity has day granularity). */
export interface DeviceRow {
  id: string;
  device: string;
  createdOn: string;
  lastSeenOn: string;
  current: boolean;
}

/**
 * The row button's accessible name starts with its visible label (WCAG 2.5.3, axe
 * `label-content-name-mismatch`: a voice user says what they see), then names the sign-in.
 */
function signOutLabel(device: DeviceRow): string {
  return device.current ? `Sign out this device (signed in ${device.createdOn})` : `Sign out this device: ${device.device}, signed in ${device.createdOn}`;
}

const outline =
  'rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800';

/**
 * The account's live sessions, each with "Sign out this device", and "Sign out all other devices".
 * The rows share one outcome line above the list: the row of a device just signed out is gone.
 */
export function DeviceList({ devices }: { devices: DeviceRow[] }) {
  const [rowState, rowAction] = useActionState(signOutDeviceAction, idleState);
  const [state, formAction] = useActionState(signOutOtherDevicesAction, idleState);
  const others = devices.filter((d) => !d.current).length;
  return (
    <div className="flex flex-col gap-3">
      <FormNotice state={rowState} />
      <ConfirmItsYou state={rowState} action={rowAction} />
      <ul aria-label="Signed-in devices" className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
        {devices.map((device) => (
          <li key={device.id} data-session-id={device.id} data-current={device.current} className="flex flex-col gap-2 p-3 sm:flex-row sm:items-center sm:justify-between">
            <div className="min-w-0">
              <p className="font-medium">
                {device.device}
                {device.current ? (
                  <span className="ml-2 rounded bg-indigo-100 px-1.5 py-0.5 text-xs font-semibold text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200">This device</span>
                ) : null}
              </p>
              <SessionTimes createdOn={device.createdOn} lastSeenOn={device.lastSeenOn} />
            </div>
            <form action={rowAction}>
              <input type="hidden" name="sessionId" value={device.id} />
              <button type="submit" className={outline} aria-label={signOutLabel(device)}>
                Sign out this device
              </button>
            </form>
          </li>
        ))}
      </ul>
      <form action={formAction} className="flex max-w-md flex-col gap-3">
        <FormNotice state={state} />
        {others > 0 ? <SubmitButton pendingLabel="Signing out…">Sign out all other devices</SubmitButton> : <p className="text-sm text-slate-600 dark:text-slate-400">No other device is signed in.</p>}
      </form>
      <ConfirmItsYou state={state} action={formAction} />
    </div>
  );
}
