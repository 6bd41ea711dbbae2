'use client';
/**
 * The second step of deleting a product (the first is the link to `?confirm=delete`), so a
 * single stray click never deletes, with or without JavaScript.
 */
import Link from 'next/link';
import { useActionState } from 'react';
import { useFormStatus } from 'react-dom';
import { FormNotice } from '@/components/form-notice';
import { idleState, type ActionState } from '@/lib/actions/action-state';

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

export function ProductDeleteForm({ productId, productName, action }: { productId: string; productName: string; action: Action }) {
  const [state, formAction] = useActionState(action, idleState);
  return (
    <form action={formAction} className="flex flex-col gap-3 rounded-md border border-red-300 bg-red-50 p-4 dark:border-red-900 dark:bg-red-950" aria-label="Confirm delete">
      <p className="text-sm">
        Delete <strong>{productName}</strong>? This cannot be undone.
      </p>
      {state.status === 'error' ? <FormNotice state={state} compact /> : null}
      <input type="hidden" name="id" value={productId} />
      <div className="flex flex-wrap items-center gap-3">
        <DeleteButton />
        <Link href={`/products/${productId}`} className="text-sm font-medium hover:underline">
          Cancel
        </Link>
      </div>
    </form>
  );
}

function DeleteButton() {
  const { pending } = useFormStatus();
  return (
    <button type="submit" disabled={pending} className="rounded-md bg-red-600 px-4 py-2 font-medium text-white hover:bg-red-500 disabled:opacity-60">
      {pending ? 'Deleting…' : 'Yes, delete'}
    </button>
  );
}
