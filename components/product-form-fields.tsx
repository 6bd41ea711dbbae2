/** The fields shared by the create and edit product forms, filled from the last submission or the product. */
import { FormField } from '@/components/form-field';
import { FormNotice } from '@/components/form-notice';
import type { ActionState } from '@/lib/actions/action-state';

export function ProductFormFields({ state, initial }: { state: ActionState; initial: { name: string; description: string; price: string } }) {
  const value = (key: keyof typeof initial) => state.values?.[key] ?? initial[key];
  return (
    <>
      {state.status === 'error' ? <FormNotice state={state} /> : null}
      {state.fieldErrors?._ ? (
        <p className="text-sm text-red-600 dark:text-red-400">{state.fieldErrors._.join(' ')}</p>
      ) : null}
      <FormField label="Name" name="name" defaultValue={value('name')} errors={state.fieldErrors?.name} required />
      <FormField label="Description" name="description" defaultValue={value('description')} errors={state.fieldErrors?.description} multiline />
      <FormField label="Price (e.g. 12.34)" name="price" defaultValue={value('price')} errors={state.fieldErrors?.price} required />
    </>
  );
}
