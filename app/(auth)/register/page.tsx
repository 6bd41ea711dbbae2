import type { Metadata } from 'next';
import { RegisterForm } from './register-form';
import { SignedInNotice } from '@/components/signed-in-notice';
import { signedInUserForPublicPage } from '@/lib/public-session';

export const metadata: Metadata = { title: 'Create an account' };

export default async function RegisterPage() {
  const user = await signedInUserForPublicPage();
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center gap-6 px-6 py-12">
      <h1 className="text-2xl font-semibold">Create an account</h1>
      {user ? <SignedInNotice user={user} /> : <RegisterForm />}
    </main>
  );
}
