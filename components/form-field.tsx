/**
 * A labelled input with its field errors underneath (server or client). An invalid field is marked
 * for assistive technology (`aria-invalid`, `aria-describedby` → the error) and for the eye (a red
 * border and ring, in both themes).
 */
export function FormField({
  label,
  name,
  type = 'text',
  defaultValue,
  errors,
  autoComplete,
  required,
  multiline = false,
}: {
  label: string;
  name: string;
  type?: string;
  defaultValue?: string;
  errors?: string[];
  autoComplete?: string;
  required?: boolean;
  multiline?: boolean;
}) {
  const id = `field-${name}`;
  const errorId = `${id}-error`;
  const className =
    'mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/40 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 ' +
    'aria-[invalid=true]:border-red-600 aria-[invalid=true]:ring-1 aria-[invalid=true]:ring-red-600 dark:aria-[invalid=true]:border-red-400 dark:aria-[invalid=true]:ring-red-400';
  const common = {
    id,
    name,
    defaultValue,
    required,
    'aria-invalid': errors?.length ? true : undefined,
    'aria-describedby': errors?.length ? errorId : undefined,
    className,
  };
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {multiline ? <textarea rows={4} {...common} /> : <input type={type} autoComplete={autoComplete} {...common} />}
      {errors?.length ? (
        <p id={errorId} className="mt-1 text-sm text-red-600 dark:text-red-400" data-field-error={name}>
          {errors.join(' ')}
        </p>
      ) : null}
    </div>
  );
}
