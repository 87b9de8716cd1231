/**
 * The dependency rules of docs/architecture.md, fed real forbidden imports through the project's own ESLint
 * config. If someone weakens a rule in eslint.config.js, the matching case here fails.
 */
import { ESLint } from 'eslint';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'import-x/no-restricted-paths').map((m) => m.message);
}

describe('architecture rules', () => {
  it.each([
    ['renderer/features/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;"],
    ['renderer/features/x.ts', "import fs from 'fs';\nexport const x = fs;"],
    ['renderer/features/x.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;"],
    ['renderer/features/x.ts', "import { createEngine } from '../../electron/services/createEngine';\nexport const x = createEngine;"],
    ['shared/domain/x.ts', "import { join } from 'node:path';\nexport const x = join;"],
    ['shared/domain/x.ts', "import { openTernDb } from '../../renderer/cache/db';\nexport const x = openTernDb;"],
    ['shared/domain/x.ts', "import { createLogger } from '../../electron/services/logger';\nexport const x = createLogger;"],
    ['electron/services/x.ts', "import { openTernDb } from '../../renderer/cache/db';\nexport const x = openTernDb;"],
    ['electron/sync/x.ts', "import { ImapFlow } from 'imapflow';\nexport const x = ImapFlow;"],
    ['electron/services/x.ts', "import nodemailer from 'nodemailer';\nexport const x = nodemailer;"],
    ['electron/imap/x.ts', "import nodemailer from 'nodemailer';\nexport const x = nodemailer;"],
    ['electron/smtp/x.ts', "import { ImapFlow } from 'imapflow';\nexport const x = ImapFlow;"],
  ])('rejects the forbidden import in %s: %s', async (file, code) => {
    expect(await problems(file, code)).not.toEqual([]);
  });

  it.each([
    ['renderer/features/x.ts', "import { formatAddress } from '../../shared/domain/formatAddress';\nexport const x = formatAddress;"],
    ['electron/imap/x.ts', "import { ImapFlow } from 'imapflow';\nexport const x = ImapFlow;"],
    ['electron/smtp/x.ts', "import nodemailer from 'nodemailer';\nexport const x = nodemailer;"],
    ['electron/services/x.ts', "import { join } from 'node:path';\nexport const x = join;"],
  ])('allows the permitted import in %s: %s', async (file, code) => {
    expect(await problems(file, code)).toEqual([]);
  });
});
