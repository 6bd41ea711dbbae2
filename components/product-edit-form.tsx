'use client';
/**
 * The edit form of `/products/[id]/edit`. The hidden id is only a hint: the action re-checks
 * the session and ownership itself, so a tampered id changes nothing.
 */
import { useActionState } from 'react';
import { ProductFormFields } from '@/components/product-form-fields';
import { SubmitButton } from '@/components/submit-button';
import { idleState, type ActionState } from '@/lib/actions/action-state';
import { centsToDecimal } from '@/lib/schemas/product';

export interface EditableProduct {
  id: string;
  name: string;
  description: string;
  priceCents: number;
}

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

export function ProductEditForm({ product, action }: { product: EditableProduct; action: Action }) {
  const [state, formAction] = useActionState(action, idleState);
  const initial = { name: product.name, description: product.description, price: centsToDecimal(product.priceCents) };
  return (
    <form action={formAction} className="flex max-w-xl flex-col gap-4" noValidate>
      <input type="hidden" name="id" value={product.id} />
      <ProductFormFields state={state} initial={initial} />
      <SubmitButton pendingLabel="Saving…">Save changes</SubmitButton>
    </form>
  );
}
