/**
 * The real app in headless Chromium (Debian's, through Playwright), on a persistent profile so IndexedDB is
 * on disk as it is for a person, not in an incognito context's memory.
 */
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProbeState } from './pageScripts';
import { addAccountThroughUi, type UiAccount } from '../testing/addAccountThroughUi';

export const CHROMIUM = process.env.TERN_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export interface AppBrowser {
  context: BrowserContext;
  page: Page;
  version: string;
  close(): Promise<void>;
}

export async function openAppBrowser(initScript?: string): Promise<AppBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'tern-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 800 } });
  // The benchmarks measure syncing and the list: no bodies fetched ahead for offline reading meanwhile.
  await context.addInitScript({ content: `localStorage.setItem('tern.preferences', JSON.stringify({ offlineDays: 0 }))` });
  if (initScript) await context.addInitScript({ content: initScript });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    version: context.browser()?.version() ?? 'unknown',
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** The benchmark adds its account the way the E2E tests do, allowing for a slow first sync. */
export function addAccountThroughForm(page: Page, account: UiAccount): Promise<void> {
  return addAccountThroughUi(page, account, 60_000);
}

export function inboxButton(page: Page) {
  return page.getByRole('tree').getByRole('button', { name: /Inbox/ });
}

export function probe(page: Page): Promise<ProbeState> {
  return page.evaluate('window.__ternBench') as Promise<ProbeState>;
}

/** Polls the probe (cheaply, from outside the page) until `done` holds. */
export async function waitForProbe(page: Page, done: (state: ProbeState) => boolean, timeoutMs: number, what: string, intervalMs = 50): Promise<ProbeState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await probe(page);
    if (done(state)) return state;
    if (state.pollError) throw new Error(`The IndexedDB probe failed: ${state.pollError}`);
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}: ${JSON.stringify({ ...state, calls: state.calls.slice(-3) })}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
