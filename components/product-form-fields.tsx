/** The fields shared by the create and edit product forms, filled from the last submission or the product. */
import { FormField } from '@/components/form-field';
import type { ActionState } from '@/lib/actions/safe-action';

export function ProductFormFields({ state, initial }: { state: ActionState; initial: { name: string; description: string; price: string } }) {
  const value = (key: keyof typeof initial) => state.values?.[key] ?? initial[key];
  return (
    <>
      {state.status === 'error' && state.message ? (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
          {state.message}
        </p>
      ) : null}
      {state.fieldErrors?._ ? (
        <p className="text-sm text-red-600 dark:text-red-400">{state.fieldErrors._.join(' ')}</p>
      ) : null}
      <FormField label="Name" name="name" defaultValue={value('name')} errors={state.fieldErrors?.name} required />
      <FormField label="Description" name="description" defaultValue={value('description')} errors={state.fieldErrors?.description} multiline />
      <FormField label="Price (e.g. 12.34)" name="price" defaultValue={value('price')} errors={state.fieldErrors?.price} required />
    </>
  );
}
