// Staff API tokens: 256 random bits, shown once; only their SHA-256 is stored and looked up.
import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'lcp_';

export function generateToken(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export function looksLikeToken(value: string): boolean {
  return value.startsWith(PREFIX) && value.length === PREFIX.length + 43;
}
