// Lint rules that keep the architecture honest: what each folder may import is checked here, and
// electron/lint/architectureRules.test.ts proves a forbidden import is rejected.
import js from '@eslint/js';
import { builtinModules } from 'node:module';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Exact names for the built-ins (a bare pattern like `domain` would also match our own shared/domain/).
const nodeBuiltinPaths = builtinModules.filter((name) => !name.startsWith('_'));

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'electron/lint/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] })],
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './shared', from: './electron', message: 'shared/ is pure: it may not import electron/.' },
            { target: './shared', from: './renderer', message: 'shared/ is pure: it may not import renderer/.' },
            { target: './electron', from: './renderer', message: 'electron/ never imports renderer/.' },
            { target: './renderer', from: './electron', message: 'renderer/ talks to main only through the contract in shared/.' },
          ],
        },
      ],
    },
  },
  // The one place the two halves meet outside the contract: integration tests that run the renderer's queue and
  // cache against a real engine and Dovecot (electron/testing helpers), connected by the in-memory transport.
  {
    files: ['renderer/**/*.int.test.ts'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        { zones: [{ target: './renderer', from: './electron/!(testing|demo|smtp)/**', message: 'Renderer integration tests use only electron/testing, demo and smtp helpers.' }] },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'imapflow', 'nodemailer', 'react', 'dexie', ...nodeBuiltinPaths],
          patterns: [{ group: ['node:*'], message: 'shared/ runs in both processes: no Node modules.' }],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['**/*.test.{ts,tsx}', 'renderer/vite.config.ts'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer is sandboxed: reach main only through the contract.' },
            { name: 'imapflow', message: 'IMAP runs in the main process only.' },
            { name: 'nodemailer', message: 'SMTP runs in the main process only.' },
            ...nodeBuiltinPaths,
          ],
          patterns: [{ group: ['node:*'], message: 'The renderer has no Node: no node:* modules.' }],
        },
      ],
    },
  },
  // imapflow lives in electron/imap/ and nodemailer in electron/smtp/ (integration tests may use imapflow to
  // check the server independently of the code under test).
  ...[
    { files: ['electron/**/*.ts'], ignores: ['electron/imap/**', 'electron/smtp/**', '**/*.int.test.ts'], forbid: ['imapflow', 'nodemailer'] },
    { files: ['electron/imap/**/*.ts', 'electron/**/*.int.test.ts'], ignores: ['electron/smtp/**'], forbid: ['nodemailer'] },
    { files: ['electron/smtp/**/*.ts'], ignores: ['**/*.int.test.ts'], forbid: ['imapflow'] },
  ].map(({ files, ignores, forbid }) => ({
    files,
    ignores,
    languageOptions: { globals: globals.node },
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: forbid.map((name) => ({ name, message: `Only electron/${name === 'imapflow' ? 'imap' : 'smtp'}/ talks to ${name}.` })) },
      ],
    },
  })),
  {
    files: ['**/*.test.{ts,tsx}', 'e2e/**/*.ts', '*.config.{ts,js}', 'renderer/vite.config.ts'],
    languageOptions: { globals: globals.node },
  },
);
