/** PKCE (RFC 7636) with S256, and the `state` that ties a redirect to the sign-in that started it. */
import { createHash, randomBytes } from 'node:crypto';

export function createPkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function randomState(): string {
  return randomBytes(24).toString('base64url');
}
