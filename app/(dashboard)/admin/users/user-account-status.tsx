import Link from 'next/link';

/** One user row's email status and the way to their page (sessions): rendered by the admin user list. */
export function UserAccountStatus({ user }: { user: { id: string; email: string; emailVerifiedAt: Date | null } }) {
  return (
    <span className="text-xs">
      {user.emailVerifiedAt ? (
        <span data-verified="yes" className="ml-2 text-green-700 dark:text-green-400">verified</span>
      ) : (
        <span data-verified="no" className="ml-2 text-amber-700 dark:text-amber-400">unverified</span>
      )}
      <Link href={`/admin/users/${user.id}`} className="ml-2 font-medium text-indigo-600 hover:underline dark:text-indigo-400" aria-label={`Sessions and details of ${user.email}`}>
        Details
      </Link>
    </span>
  );
}
