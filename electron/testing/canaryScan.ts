/**
 * Looks for a secret in every form it could take on disk or in a log: as typed, UTF-16 (how V8 and
 * IndexedDB may store a string), base64 of the secret and of the SASL PLAIN string that carries it, URL
 * encoding, and hex. A scan reports where each form was found, so a test can show the one allowed place
 * (and a control string that must be found, so a scanner that cannot see proves nothing).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

export interface SecretForm {
  name: string;
  bytes: Buffer;
}

export function secretForms(secret: string, username?: string): SecretForm[] {
  const forms: SecretForm[] = [
    { name: 'plain', bytes: Buffer.from(secret) },
    { name: 'utf-16le', bytes: Buffer.from(secret, 'utf16le') },
    { name: 'base64', bytes: Buffer.from(Buffer.from(secret).toString('base64').replace(/=+$/, '')) },
    { name: 'url-encoded', bytes: Buffer.from(encodeURIComponent(secret)) },
    { name: 'hex', bytes: Buffer.from(Buffer.from(secret).toString('hex')) },
  ];
  if (username !== undefined) forms.push({ name: 'sasl-plain-base64', bytes: Buffer.from(Buffer.from(`\u0000${username}\u0000${secret}`).toString('base64').replace(/=+$/, '')) });
  // A secret of plain letters and digits is its own URL encoding: one form, one name.
  return forms.filter((form, index) => forms.findIndex((other) => other.bytes.equals(form.bytes)) === index);
}

export interface Finding {
  where: string;
  form: string;
}

/** Every file under `root` (symlinks not followed), with its path relative to root. */
export async function filesUnder(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) out.push(path);
    }
  };
  await walk(root);
  return out;
}

export function findIn(where: string, content: Buffer, forms: SecretForm[]): Finding[] {
  return forms.filter((form) => content.includes(form.bytes)).map((form) => ({ where, form: form.name }));
}

export async function scanFolder(root: string, forms: SecretForm[]): Promise<{ files: number; bytes: number; findings: Finding[] }> {
  const findings: Finding[] = [];
  let bytes = 0;
  const files = await filesUnder(root);
  for (const file of files) {
    const content = await readFile(file).catch(() => Buffer.alloc(0));
    bytes += content.length;
    findings.push(...findIn(relative(root, file), content, forms));
  }
  return { files: files.length, bytes, findings };
}
