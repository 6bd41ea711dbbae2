import type { Metadata } from 'next';
import Link from 'next/link';
import { ForgotPasswordForm } from './forgot-password-form';

export const metadata: Metadata = { title: 'Forgot password' };

/** `/forgot-password`: ask for a reset link by email (works without JavaScript). */
export default function ForgotPasswordPage() {
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center gap-6 px-6 py-12">
      <h1 className="text-2xl font-semibold">Reset your password</h1>
      <p className="text-sm text-slate-600 dark:text-slate-400">Enter the email address of your account and we will send you a link to set a new password.</p>
      <ForgotPasswordForm />
      <Link href="/login" className="text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400">
        Back to sign in
      </Link>
    </main>
  );
}
