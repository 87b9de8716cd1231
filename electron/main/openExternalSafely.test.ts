import { describe, expect, it } from 'vitest';
import { openExternalSafely, type OpenExternalDeps } from './openExternalSafely';

function fakes(userPresses: 'cancel' | 'open' = 'cancel') {
  const opened: string[] = [];
  const dialogs: Array<{ message?: string; detail?: string }> = [];
  const deps: OpenExternalDeps = {
    shell: {
      openExternal: (url) => {
        opened.push(url);
        return Promise.resolve();
      },
    },
    dialog: {
      showMessageBox: (options) => {
        dialogs.push(options);
        return Promise.resolve({ response: userPresses === 'open' ? 1 : 0 });
      },
    },
  };
  return { deps, opened, dialogs };
}

describe('openExternalSafely', () => {
  it.each([
    'file:///etc/passwd',
    'file://attacker.test/share/payload.exe',
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'smb://attacker.test/share',
    'ftp://example.com/file',
    'ms-msdt:/id PCWDiagnostic',
    'search-ms:query=x',
    'app://tern/index.html',
    'about:blank',
    'blob:https://example.com/1',
    '//example.com/protocol-relative',
    '/relative/path',
    'not a url at all',
    '',
    'https://',
  ])('refuses %j without asking', async (url) => {
    const { deps, opened, dialogs } = fakes('open');
    await expect(openExternalSafely(url, deps)).resolves.toBe(false);
    expect(opened).toEqual([]);
    expect(dialogs).toEqual([]);
  });

  it.each(['https://example.com/path?q=1#top', 'http://example.com/', 'mailto:someone@example.com?subject=Hi'])(
    'opens %j without a dialog',
    async (url) => {
      const { deps, opened, dialogs } = fakes();
      await expect(openExternalSafely(url, deps)).resolves.toBe(true);
      expect(opened).toEqual([new URL(url).href]);
      expect(dialogs).toEqual([]);
    },
  );

  it.each([
    ['https://аpple.com/login', 'xn--pple-43d.com'], // Cyrillic "а"
    ['https://xn--pple-43d.com/login', 'xn--pple-43d.com'],
    ['https://bücher.example/', 'xn--bcher-kva.example'],
    ['https://paypal.com@evil.test/', 'evil.test'],
  ])('asks before opening %j and shows the real host %s; cancel opens nothing', async (url, host) => {
    const { deps, opened, dialogs } = fakes('cancel');
    await expect(openExternalSafely(url, deps)).resolves.toBe(false);
    expect(dialogs).toHaveLength(1);
    expect(dialogs[0]?.message).toContain(host);
    expect(dialogs[0]?.detail).toContain(host);
    expect(opened).toEqual([]);
  });

  it('opens the punycode form once the user confirms', async () => {
    const { deps, opened } = fakes('open');
    await expect(openExternalSafely('https://аpple.com/login', deps)).resolves.toBe(true);
    expect(opened).toEqual(['https://xn--pple-43d.com/login']);
  });
});
