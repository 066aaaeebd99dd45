// Open311 API keys: POST requests.json needs one of the configured keys (OPEN311_API_KEYS), compared in
// constant time so the answer's timing tells nothing about a key.
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

export function apiKeyChecker(keys: readonly string[]): (candidate: unknown) => boolean {
  const digests = keys
    .map((k) => k.trim())
    .filter(Boolean)
    .map(digest);
  return (candidate) => {
    if (typeof candidate !== 'string' || candidate === '') return false;
    const given = digest(candidate);
    // Every key is compared, whatever matched, so the time does not depend on which one did.
    let ok = false;
    for (const key of digests) ok = timingSafeEqual(key, given) || ok;
    return ok;
  };
}
