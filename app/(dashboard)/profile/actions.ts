'use server';
/** The `/profile` forms' server actions: each checks the session itself (inside `validatedAction`). */
import { revalidatePath } from 'next/cache';
import { validatedAction } from '@/lib/actions/safe-action';
import { saveProfile, saveSettings } from '@/lib/profile';
import { profileFormSchema, settingsFormSchema } from '@/lib/schemas/profile';

export const updateProfile = validatedAction('user', profileFormSchema, async (data, session) => {
  const saved = await saveProfile(session, data);
  revalidatePath('/profile');
  return { status: 'success', message: 'Profile saved.', values: { name: saved.name, bio: saved.bio } };
});

export const updateSettings = validatedAction('user', settingsFormSchema, async (data, session) => {
  const saved = await saveSettings(session, data);
  revalidatePath('/profile');
  return {
    status: 'success',
    message: 'Settings saved.',
    values: { theme: saved.theme, emailNotifications: saved.emailNotifications ? 'on' : '' },
  };
});
