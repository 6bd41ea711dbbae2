'use client';
/** The form of `/products/new` (works without JavaScript: a plain form post to the action). */
import { useActionState } from 'react';
import { ProductFormFields } from '@/components/product-form-fields';
import { SubmitButton } from '@/components/submit-button';
import { idleState, type ActionState } from '@/lib/actions/action-state';

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

export function ProductCreateForm({ action }: { action: Action }) {
  const [state, formAction] = useActionState(action, idleState);
  return (
    <form action={formAction} className="flex max-w-xl flex-col gap-4" noValidate>
      <ProductFormFields state={state} initial={{ name: '', description: '', price: '' }} />
      <SubmitButton pendingLabel="Creating…">Create product</SubmitButton>
    </form>
  );
}
