// The console sign-in's login id (NFKC, lower case: full-width typing works) and password rules.
import { z } from 'zod';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './passwords.ts';

export const loginIdSchema = z
  .string()
  .trim()
  .transform((value) => value.normalize('NFKC').toLowerCase())
  .pipe(z.string().regex(/^[a-z0-9._@-]{3,64}$/, '3–64 letters, digits or . _ @ -'));
export const passwordSchema = z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH);
