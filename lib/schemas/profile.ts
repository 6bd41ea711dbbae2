/** Schemas for the profile and settings forms and `PATCH /api/user`. */
import { z } from 'zod';
import { nameSchema, text } from '@/lib/core/validation';

const BIO_MAX = 500;
const bioSchema = text({ max: BIO_MAX, label: 'Bio' });

const THEMES = ['light', 'dark', 'system'] as const;

/** The `/profile` form posts both fields (an empty bio clears it). */
export const profileFormSchema = z.strictObject({ name: nameSchema, bio: bioSchema });

/** `PATCH /api/user`: either field, nothing else, and at least one of them. */
export const profilePatchSchema = z
  .strictObject({ name: nameSchema.optional(), bio: bioSchema.optional() })
  .refine((v) => v.name !== undefined || v.bio !== undefined, { message: 'Send name and/or bio' });
export type ProfilePatch = z.output<typeof profilePatchSchema>;

/** The settings form: a checkbox is absent when unchecked, `on` when checked. */
export const settingsFormSchema = z.strictObject({
  theme: z.enum(THEMES, { error: 'Choose light, dark or system' }),
  emailNotifications: z
    .literal('on', { error: 'Email notifications must be on or off' })
    .optional()
    .transform((v) => v === 'on'),
});
export type SettingsInput = z.output<typeof settingsFormSchema>;
