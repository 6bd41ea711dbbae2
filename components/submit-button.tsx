'use client';

import { useFormStatus } from 'react-dom';

/** A submit button that shows a pending label while its form's action runs. */
export function SubmitButton({ children, pendingLabel, className = '' }: { children: React.ReactNode; pendingLabel?: string; className?: string }) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      disabled={pending}
      aria-disabled={pending}
      className={`rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-500 disabled:opacity-60 ${className}`}
    >
      {pending ? (pendingLabel ?? 'Working…') : children}
    </button>
  );
}
