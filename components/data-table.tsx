/**
 * The frame every list table shares (products, admin users, audit log): a bordered box that scrolls
 * sideways rather than overflow the page, a caption for screen readers, a header row of `<th scope=col>`
 * and a divided body. The caller supplies the header cells and the rows.
 */

/** Padding and alignment of every cell, so the columns of a body line up with their header. */
export const CELL = 'px-3 py-2.5 align-top';

export function DataTable({ caption, head, colgroup, fixed = false, children }: { caption: string; head: React.ReactNode; colgroup?: React.ReactNode; fixed?: boolean; children: React.ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <table className={`w-full text-left text-sm ${fixed ? 'table-fixed' : ''}`}>
        <caption className="sr-only">{caption}</caption>
        {colgroup}
        <thead className="border-b border-slate-200 bg-slate-50 text-slate-700 dark:border-slate-800 dark:bg-slate-800/60 dark:text-slate-200">
          <tr>{head}</tr>
        </thead>
        <tbody className="divide-y divide-slate-200 dark:divide-slate-800">{children}</tbody>
      </table>
    </div>
  );
}

/** A column header; `className` for alignment or for hiding the column on narrow screens. */
export function ColumnHeader({ className = '', children, ...rest }: React.ThHTMLAttributes<HTMLTableCellElement>) {
  return (
    <th scope="col" className={`${CELL} font-semibold ${className}`} {...rest}>
      {children}
    </th>
  );
}
