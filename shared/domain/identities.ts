/**
 * From identities: checking what the settings form sends, picking the identity a reply goes out from (the
 * address the mail was sent to), and swapping signatures in a draft. Pure, so the composer and main agree.
 */
import type { Identity, IdentityInput } from '../contract/accounts';
import { TernError } from '../contract/errors';
import type { Address } from '../contract/messages';
import { addrSpecError, displayNameError, sameAddress } from './addresses';

export const MAX_IDENTITIES = 20;
export const MAX_SIGNATURE = 10_000;

function fail(message: string): never {
  throw new TernError('INVALID_INPUT', message);
}

/** Checks a list of identities that crossed the contract; throws INVALID_INPUT saying which one is wrong. */
export function validateIdentities(value: unknown): IdentityInput[] {
  if (!Array.isArray(value) || value.length === 0) fail('An account needs at least one From address.');
  if (value.length > MAX_IDENTITIES) fail(`An account can have at most ${MAX_IDENTITIES} From addresses.`);
  const seenIds = new Set<string>();
  return value.map((entry: unknown, index) => {
    if (typeof entry !== 'object' || entry === null) fail(`From address ${index + 1} is missing.`);
    const raw = entry as Record<string, unknown>;
    const id = raw.id === null || raw.id === undefined ? null : raw.id;
    if (id !== null && (typeof id !== 'string' || !/^[A-Za-z0-9-]{1,64}$/.test(id) || seenIds.has(id))) fail(`From address ${index + 1} is not valid.`);
    if (id !== null) seenIds.add(id);
    if (typeof raw.email !== 'string' || typeof raw.name !== 'string' || typeof raw.signature !== 'string') fail(`From address ${index + 1} is not valid.`);
    const email = raw.email.trim();
    const problem = addrSpecError(email) ?? displayNameError(raw.name.trim());
    if (problem) fail(problem);
    if (raw.signature.length > MAX_SIGNATURE || raw.signature.includes('\0')) fail(`The signature of ${email} is too long.`);
    return { id, name: raw.name.trim(), email, signature: raw.signature.replace(/\r\n?/g, '\n') };
  });
}

/** The identity a reply goes out from: the first of the account's addresses the original was sent to, else the default. */
export function identityForReply(identities: readonly Identity[], original: { to: readonly Address[]; cc: readonly Address[] }): Identity | null {
  const recipients = [...original.to, ...original.cc];
  return identities.find((identity) => recipients.some((recipient) => sameAddress(recipient.address, identity.email))) ?? identities[0] ?? null;
}

/** The signature as it stands in a body: after the conventional "-- " line; empty for no signature. */
export function signatureBlock(signature: string): string {
  const text = signature.replace(/\r\n?/g, '\n').replace(/\s+$/, '');
  return text ? `\n\n-- \n${text}` : '';
}

/**
 * The body with one identity's signature swapped for another's where the old one still stands unedited; a body
 * with no signature yet gets the new one only while it is still empty. The user's own text is never touched.
 */
export function switchSignature(body: string, from: string, to: string): string {
  const oldBlock = signatureBlock(from);
  const newBlock = signatureBlock(to);
  if (oldBlock === newBlock) return body;
  if (oldBlock && body.includes(oldBlock)) return body.replace(oldBlock, () => newBlock);
  if (!oldBlock && body.trim() === '') return newBlock;
  return body;
}
