import { registerAccount } from '@/lib/accounts';
import { handler } from '@/lib/api/handler';
import { json } from '@/lib/api/respond';
import { registerSchema } from '@/lib/schemas/account';

/** `POST /api/register` `{ name, email, password }` → 201 `{ user }`; 409 taken; 422 invalid. */
export const POST = handler({ access: 'public', body: registerSchema }, async ({ body, request }) => {
  const user = await registerAccount(body, request.headers);
  return json({ user: { id: user.id, name: user.name, email: user.email, role: user.role, createdAt: user.createdAt } }, { status: 201 });
});
