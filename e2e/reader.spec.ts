/**
 * HTML mail in the reader, shown faithfully and safely, in real Chromium:
 * - the sanitizer itself against a corpus of hostile HTML (DOMPurify needs a real DOM: happy-dom's makes it
 *   silently keep scripts, so these run here rather than under vitest);
 * - the app in browser mode against a real Dovecot: hostile HTML runs no script and loads nothing until the
 *   user allows it (a local canary server counts requests, with a control image that must arrive after
 *   "Load for this message"), cid: images, multipart/alternative, sender and link warnings, and "Always".
 */
import { expect, test, type Frame, type Page } from '@playwright/test';
import { join, resolve } from 'node:path';
import { build, type Rolldown } from 'vite';
import { hostileHtmlCases, hostileNewsletterHtml, htmlMessage, solidPng } from '../electron/testing/htmlMessages';
import { plainMessage } from '../electron/testing/testMessages';
import type { InlinePart } from '../shared/contract/messages';
import { addAccountThroughUi } from '../electron/testing/addAccountThroughUi';
import { startCanaryServer, type CanaryServer } from './support/canaryServer';
import { startMailWorld, type MailWorld } from './support/mailWorld';

const root = resolve(import.meta.dirname, '..');

// ---------------------------------------------------------------------------------------------------------
// The sanitizer, in Chromium

interface SanitizeResult {
  html: string;
  blocked: { images: number; other: number; trackers: number };
  links: Array<{ number: number; href: string; writtenHref: string; texts: string[] }>;
  missingInlineImages: number;
}

/** What must never appear in sanitized output, checked on the parsed result inside the page. */
interface Findings {
  scripts: string[];
  handlers: string[];
  forbiddenTags: string[];
  /** Attributes (other than data-*, title and alt) and style text that still name the canary. */
  canaryRefs: string[];
  javascriptUrls: string[];
}

test.describe('sanitizer (in Chromium)', () => {
  const CANARY = 'http://127.0.0.1:9';
  const LOGO = solidPng(4, 3);
  const INLINE: InlinePart[] = [{ contentId: 'logo@shop.example', mimeType: 'image/png', dataUrl: `data:image/png;base64,${LOGO.toString('base64')}` }];
  let bundle = '';

  test.beforeAll(async () => {
    const output = await build({
      configFile: false,
      logLevel: 'warn',
      root,
      build: { write: false, minify: false, lib: { entry: join(root, 'renderer/features/reader/sanitizeMessageHtml.ts'), formats: ['iife'], name: 'TernSanitizer' } },
    });
    const first = (Array.isArray(output) ? output[0] : output) as Rolldown.RolldownOutput;
    bundle = first.output[0].code;
  });

  async function sanitizer(page: Page) {
    await page.setContent('<!doctype html><title>sanitizer</title>');
    await page.addScriptTag({ content: bundle });
    const sanitize = (html: string, allowRemote = false, inlineParts: InlinePart[] = []) =>
      page.evaluate(
        ({ html, allowRemote, inlineParts }) =>
          (window as unknown as { TernSanitizer: { sanitizeMessageHtml(html: string, options: object): SanitizeResult } }).TernSanitizer.sanitizeMessageHtml(html, { allowRemote, inlineParts }),
        { html, allowRemote, inlineParts },
      );
    const inspect = (html: string, allowedPrefixes: string[]) =>
      page.evaluate(
        ({ html, canary, allowedPrefixes }) => {
          const doc = new DOMParser().parseFromString(`<!doctype html><body>${html}`, 'text/html');
          const findings: Findings = { scripts: [], handlers: [], forbiddenTags: [], canaryRefs: [], javascriptUrls: [] };
          const forbidden = new Set(['script', 'base', 'meta', 'link', 'form', 'input', 'button', 'select', 'textarea', 'iframe', 'frame', 'object', 'embed', 'audio', 'video', 'source', 'math', 'template', 'noscript', 'svg']);
          // Scheme-less, so the https form of a protocol-relative URL counts too.
          const canaryHost = canary.replace(/^https?:\/\//, '');
          const refersToCanary = (text: string) => {
            let rest = text;
            for (const prefix of allowedPrefixes) rest = rest.split(`//${canaryHost}${prefix}`).join('');
            return rest.includes(canaryHost);
          };
          for (const element of doc.body.querySelectorAll('*')) {
            const tag = element.localName;
            if (tag === 'script') findings.scripts.push(element.outerHTML);
            if (forbidden.has(tag) || element.namespaceURI !== 'http://www.w3.org/1999/xhtml') findings.forbiddenTags.push(tag);
            if (tag === 'style' && refersToCanary(element.textContent ?? '')) findings.canaryRefs.push(`<style>${element.textContent}`);
            for (const attribute of element.attributes) {
              if (/^on/i.test(attribute.name)) findings.handlers.push(`${tag} ${attribute.name}`);
              if (/javascript:/i.test(attribute.value.replace(/\s/g, ''))) findings.javascriptUrls.push(`${tag} ${attribute.name}`);
              const inert = attribute.name.startsWith('data-') || attribute.name === 'title' || attribute.name === 'alt';
              if (!inert && refersToCanary(attribute.value)) findings.canaryRefs.push(`${tag} ${attribute.name}=${attribute.value}`);
            }
          }
          return findings;
        },
        { html, canary: CANARY, allowedPrefixes },
      );
    return { sanitize, inspect };
  }

  const clean: Findings = { scripts: [], handlers: [], forbiddenTags: [], canaryRefs: [], javascriptUrls: [] };

  test('no script and no remote URL survives any hostile case', async ({ page }) => {
    const { sanitize, inspect } = await sanitizer(page);
    for (const hostile of [...hostileHtmlCases(CANARY), { name: 'newsletter', html: hostileNewsletterHtml(CANARY) }]) {
      const blockedResult = await sanitize(hostile.html);
      expect(await inspect(blockedResult.html, []), `${hostile.name}, blocked`).toEqual(clean);
      // Allowed: ordinary remote content may stay; scripts, leaks, pixels and link targets may not.
      const allowedResult = await sanitize(hostile.html, true);
      expect(await inspect(allowedResult.html, ['/remote/']), `${hostile.name}, allowed`).toEqual(clean);
    }
  });

  test('counts what it blocked, trackers apart, and keeps trackers blocked when remote content is allowed', async ({ page }) => {
    const { sanitize } = await sanitizer(page);
    const blocked = await sanitize(hostileNewsletterHtml(CANARY));
    // Images: control, img, protocol-relative, 2 table backgrounds, 3 style attributes, 5 in the <style>;
    // other: 3 @imports and a font; trackers: 1×1, display:none and zero-size.
    expect(blocked.blocked).toEqual({ images: 13, other: 4, trackers: 3 });
    expect(blocked.html).toContain(`data-tern-src="${CANARY}/remote/control.png"`);
    expect(blocked.html).not.toContain('/pixel/');

    const allowed = await sanitize(hostileNewsletterHtml(CANARY), true);
    expect(allowed.blocked).toEqual({ images: 0, other: 0, trackers: 3 });
    expect(allowed.html).toContain(`src="${CANARY}/remote/control.png"`);
    expect(allowed.html).toContain(`@import url("${CANARY}/remote/import.css")`);
    expect(allowed.html).not.toContain('/pixel/');
  });

  test('the composer keeps images only as data: URLs of the four image types', async ({ page }) => {
    await sanitizer(page);
    const png = LOGO.toString('base64');
    const html =
      `<p>kept <img src="data:image/png;base64,${png}" alt="logo" width="9" onerror="alert(1)"></p>` +
      `<p><img src="${CANARY}/remote/a.png"><img src="cid:logo@shop.example"><img src="data:image/svg+xml;base64,PHN2Zy8+">` +
      `<img src="javascript:alert(1)"><img srcset="${CANARY}/remote/b.png 2x"><img></p>`;
    const composed = await page.evaluate((input) => (window as unknown as { TernSanitizer: { sanitizeComposeHtml(html: string): string } }).TernSanitizer.sanitizeComposeHtml(input), html);
    expect(composed).toBe(`<p>kept <img src="data:image/png;base64,${png}" alt="logo"></p><p></p>`);
  });

  test('rewrites cid: references to the inline images while sanitizing', async ({ page }) => {
    const { sanitize } = await sanitizer(page);
    const html =
      '<style>.banner { background: url(cid:logo@shop.example) }</style>' +
      '<img src="cid:logo@shop.example" alt="logo"><img src="CID:Logo%40Shop.example"><img src="cid:missing@shop.example" alt="gone">' +
      '<table><tr><td background="cid:logo@shop.example">x</td></tr></table><p style="background-image:url(\'cid:logo@shop.example\')">p</p>';
    const result = await sanitize(html, false, INLINE);
    const dataUrl = INLINE[0]!.dataUrl;
    expect(result.html.split(`src="${dataUrl}"`)).toHaveLength(3);
    expect(result.html).toContain(`background="${dataUrl}"`);
    expect(result.html).toContain(`.banner { background: url("${dataUrl}") }`);
    expect(result.html).toContain(`background-image:url(&quot;${dataUrl}&quot;)`);
    expect(result.html).toContain('<img alt="gone">');
    expect(result.missingInlineImages).toBe(1);
    expect(result.blocked).toEqual({ images: 0, other: 0, trackers: 0 });
  });

  test('keeps a leading <style> and CSS wrapped in HTML comments', async ({ page }) => {
    const { sanitize } = await sanitizer(page);
    expect((await sanitize('<style>p { color: rgb(1, 2, 3) }</style><p>x</p>')).html).toBe('<style>p { color: rgb(1, 2, 3) }</style><p>x</p>');
    expect((await sanitize('<style><!-- p { color: red } --></style><p>x</p>')).html).toBe('<style>  p { color: red }  </style><p>x</p>');
  });

  test('takes hrefs out of links, numbers them and lists their real targets', async ({ page }) => {
    const { sanitize } = await sanitizer(page);
    const result = await sanitize(
      '<a href="https://shop.example/a" target="_top" title="Totally safe">First</a> <a href="https://evil.test/">https://paypal.com</a> ' +
        '<a href="https://shop.example/a"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="Again"></a> <a href="mailto:help@shop.example">Mail us</a> ' +
        '<a href="#top">Top</a> <a href="relative/page.html">Relative</a> <a href="javascript:alert(1)">JS</a> <a href="https://p\u0430ypal.com/">Look-alike</a>',
    );
    expect(result.links).toEqual([
      { number: 1, href: 'https://shop.example/a', writtenHref: 'https://shop.example/a', texts: ['First', 'Again'] },
      { number: 2, href: 'https://evil.test/', writtenHref: 'https://evil.test/', texts: ['https://paypal.com'] },
      { number: 3, href: 'mailto:help@shop.example', writtenHref: 'mailto:help@shop.example', texts: ['Mail us'] },
      { number: 4, href: 'https://xn--pypal-4ve.com/', writtenHref: 'https://p\u0430ypal.com/', texts: ['Look-alike'] },
    ]);
    expect(result.html).not.toMatch(/\shref=|target=/);
    // The message's own title ("Totally safe") gives way to the real target.
    expect(result.html).toContain('<a title="[1] https://shop.example/a" data-tern-href="https://shop.example/a" data-tern-link="1">First</a>');
    expect(result.html).toContain('<a data-tern-href="https://evil.test/" data-tern-link="2" title="[2] https://evil.test/">https://paypal.com</a>');
    expect(result.html).toContain('<a>Top</a> <a>Relative</a> <a>JS</a>');
  });
});

// ---------------------------------------------------------------------------------------------------------
// The reader in the app

const USER = 'reader@example.test';
const PASSWORD = 'reader-e2e-pw';
const NEWS = 'Shop News <news@shop.example>';

test.describe('reader (browser mode)', () => {
  let world: MailWorld;
  let canary: CanaryServer;

  test.beforeAll(async () => {
    canary = await startCanaryServer();
    const c = canary.origin;
    const messages = [
      plainMessage(1, { subject: 'Plain words only', from: 'Pat <pat@example.test>' }),
      htmlMessage({ subject: 'Hostile newsletter', from: NEWS, html: hostileNewsletterHtml(c) }),
      htmlMessage({
        subject: 'Welcome to Tern Weekly',
        from: 'Tern Weekly <weekly@tern.example>',
        html: welcomeHtml(),
        inline: [{ contentId: 'logo@tern.example', contentType: 'image/png', data: solidPng(64, 64, [31, 111, 235]), filename: 'logo.png' }],
      }),
      htmlMessage({ subject: 'Both formats', from: 'Alt Sender <alt@example.test>', text: 'The plain text version.\n', html: '<h2 style="color:#1a7f37">The HTML version</h2><p>With <b>markup</b>.</p>' }),
      htmlMessage({
        subject: 'Your account is on hold',
        from: '"PayPal <security@paypal.com>" <x@evil.test>',
        replyTo: 'collect@payments.example',
        html: `<p>Dear customer,</p><p><a href="${c}/link/phish">https://www.paypal.com/signin</a></p><p><a href="https://p\u0430ypal.com/">Open PayPal</a></p>`,
      }),
      htmlMessage({ subject: 'Second newsletter', from: NEWS, html: `<p>More news.</p><p><img src="${c}/remote/second.png" width="24" height="24" alt="second"></p>` }),
    ];
    world = await startMailWorld({
      user: USER,
      password: PASSWORD,
      seed: async (dovecot) => {
        for (const rfc822 of messages) await dovecot.saveMessage(USER, 'INBOX', rfc822);
      },
    });
  });

  test.afterAll(async () => {
    await world?.stop();
    await canary?.close();
  });

  test.beforeEach(async ({ page }) => {
    // Anything a message's script managed to post to the app would land here.
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { ternTestMessages: string[] }).ternTestMessages = seen;
      window.addEventListener('message', (event) => seen.push(String(event.data)));
    });
    await page.goto(world.host.url);
    const form = page.getByRole('heading', { name: 'Add a mail account' });
    const inbox = page.getByRole('tree').getByRole('button', { name: /Inbox/ });
    await expect(form.or(inbox).first()).toBeVisible();
    if (await form.isVisible()) await addAccountThroughUi(page, { email: USER, password: PASSWORD, imapPort: world.dovecot.imapPort, smtpPort: world.relay.port });
    await expect(page.getByRole('option')).toHaveCount(6);
  });

  async function open(page: Page, subject: string) {
    await page.getByRole('option').filter({ hasText: subject }).click();
    const reader = page.getByRole('article', { name: 'Message' });
    await expect(reader.locator('.reader-subject')).toHaveText(subject);
    return reader;
  }

  async function messageFrame(page: Page, expectRemote: boolean): Promise<Frame> {
    const element = page.locator('iframe.reader-frame');
    await expect(element).toHaveAttribute('sandbox', '');
    if (expectRemote) await expect(element).toHaveAttribute('name', 'tern-message-remote-content-allowed');
    else await expect(element).not.toHaveAttribute('name');
    const frame = await (await element.elementHandle())?.contentFrame();
    if (!frame) throw new Error('no message frame');
    await frame.waitForLoadState('load');
    return frame;
  }

  async function expectNoScriptRan(page: Page) {
    // The app's own title is "Tern" or "(N) Tern"; a message script that reached the page would change it.
    await expect(page).toHaveTitle(/^(\(\d+\) )?Tern$/);
    expect(await page.evaluate(() => (window as unknown as { ternTestMessages: string[] }).ternTestMessages)).toEqual([]);
    expect(canary.hits('/script/')).toEqual([]);
  }

  test('hostile HTML runs no script and loads nothing until remote content is allowed', async ({ page }) => {
    canary.reset();
    const reader = await open(page, 'Hostile newsletter');
    const frame = await messageFrame(page, false);
    await expect(frame.locator('h1')).toHaveText('Spring sale');
    await expect(reader.getByRole('status')).toHaveText(/^Remote content blocked \(13 images, 4 stylesheets or fonts, 3 trackers\)/);
    // Give every trick time to fire.
    await page.waitForTimeout(1500);
    expect(canary.requests()).toEqual([]);
    await expectNoScriptRan(page);
    expect(await frame.evaluate(() => document.querySelectorAll('script, iframe, object, embed, form, base, link, meta[http-equiv="refresh"]').length)).toBe(0);
    expect(await frame.evaluate(() => document.head.firstElementChild?.outerHTML)).toContain('Content-Security-Policy');
    await page.screenshot({ path: 'docs/screenshots/reader-remote-blocked.png' });

    // A link in the frame cannot be followed: nothing opens, nothing navigates, nothing is requested.
    const pages = page.context().pages().length;
    await frame.getByText('Visit https://www.paypal.com/signin to claim').click();
    await frame.getByText('a link with a ping').click();
    await page.waitForTimeout(500);
    expect(page.context().pages()).toHaveLength(pages);
    expect(frame.url()).toBe('about:srcdoc');
    expect(canary.requests()).toEqual([]);

    // The control: once allowed, the ordinary remote image arrives, so the canary was reachable all along.
    await reader.getByRole('button', { name: 'Load for this message' }).click();
    await canary.waitFor('/remote/control.png');
    const allowedFrame = await messageFrame(page, true);
    await expect.poll(() => allowedFrame.evaluate(() => (document.querySelector('img.control') as HTMLImageElement | null)?.naturalWidth ?? 0)).toBe(24);
    await expect(reader.getByRole('status')).toHaveText(/^Remote content loaded for this message\. 3 trackers still blocked\./);
    await page.waitForTimeout(1000);
    // Still no script, no tracking pixel, and nothing the sanitizer removed.
    await expectNoScriptRan(page);
    expect(canary.hits('/pixel/', '/leak/', '/link/')).toEqual([]);
  });

  test('inline cid: images render', async ({ page }) => {
    const reader = await open(page, 'Welcome to Tern Weekly');
    const frame = await messageFrame(page, false);
    const logo = frame.locator('img.logo');
    await expect(logo).toHaveAttribute('src', /^data:image\/png;base64,/);
    await expect.poll(() => logo.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).toBe(64);
    // Nothing remote in it, so no bar.
    await expect(reader.locator('.remote-bar')).toHaveCount(0);
    await expect(reader.getByText('Links in this message (2)')).toBeVisible();
    await page.screenshot({ path: 'docs/screenshots/reader-html.png' });
  });

  test('dark theme: HTML mail keeps its white page, and "Dark message view" darkens it with its pictures kept', async ({ page }) => {
    await page.evaluate(() => localStorage.setItem('tern.theme', 'dark'));
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    const reader = await open(page, 'Welcome to Tern Weekly');
    const light = await messageFrame(page, false);
    expect(await light.evaluate(() => [getComputedStyle(document.documentElement).filter, getComputedStyle(document.body).backgroundColor])).toEqual(['none', 'rgb(255, 255, 255)']);

    const toggle = reader.getByRole('button', { name: 'Dark message view' });
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    const dark = await messageFrame(page, false);
    await expect.poll(() => dark.evaluate(() => getComputedStyle(document.documentElement).filter)).toBe('invert(1) hue-rotate(180deg)');
    // The logo is turned back, so it shows as sent; the frame still has its policy first, and no script ran.
    expect(await dark.evaluate(() => getComputedStyle(document.querySelector('img.logo') as Element).filter)).toBe('invert(1) hue-rotate(180deg)');
    expect(await dark.evaluate(() => document.head.firstElementChild?.outerHTML)).toContain('Content-Security-Policy');
    await expect.poll(() => dark.locator('img.logo').evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).toBe(64);
    await expectNoScriptRan(page);
    await page.screenshot({ path: 'docs/screenshots/reader-dark.png' });

    // Made the default from the message; the next HTML message opens darkened, a plain one follows the app theme.
    await reader.getByRole('button', { name: 'Always darken messages' }).click();
    await open(page, 'Both formats');
    await expect(reader.getByRole('button', { name: 'Dark message view' })).toHaveAttribute('aria-pressed', 'true');
    await open(page, 'Plain words only');
    await expect(page.locator('iframe.reader-frame')).toHaveCount(0);
    const textColour = await reader.locator('.reader-body').evaluate((element) => getComputedStyle(element).color);
    const [r = 0, g = 0, b = 0] = (textColour.match(/\d+/g) ?? []).map(Number);
    expect(r + g + b).toBeGreaterThan(3 * 150);
    await page.evaluate(() => localStorage.removeItem('tern.theme'));
  });

  test('multipart/alternative shows the HTML, with a switch to the plain text', async ({ page }) => {
    const reader = await open(page, 'Both formats');
    const frame = await messageFrame(page, false);
    await expect(frame.locator('h2')).toHaveText('The HTML version');
    const format = reader.getByRole('group', { name: 'Message format' });
    await expect(format.getByRole('button', { name: 'HTML' })).toHaveAttribute('aria-pressed', 'true');
    await format.getByRole('button', { name: 'Plain text' }).click();
    await expect(reader.locator('.reader-body')).toHaveText('The plain text version.');
    await expect(page.locator('iframe.reader-frame')).toHaveCount(0);
    await format.getByRole('button', { name: 'HTML' }).click();
    await expect(page.locator('iframe.reader-frame')).toHaveCount(1);

    // A text-only message is shown as text, as before.
    const plain = await open(page, 'Plain words only');
    await expect(plain.locator('.reader-body')).toHaveText('Body of message 1.');
    await expect(plain.getByRole('group', { name: 'Message format' })).toHaveCount(0);
  });

  test('a forged-looking sender and misleading links are flagged', async ({ page }) => {
    canary.reset();
    const reader = await open(page, 'Your account is on hold');
    const warnings = reader.getByRole('list', { name: 'Sender warnings' });
    await expect(warnings).toContainText('The sender’s name shows security@paypal.com, but the message really comes from x@evil.test.');
    await expect(warnings).toContainText('Replies go to collect@payments.example, not to the sender’s domain (evil.test).');
    await expect(reader.locator('.reader-from')).toContainText('x@evil.test');
    await expect(reader.locator('.reader-reply-to')).toHaveText('collect@payments.example');

    const links = reader.locator('.message-links');
    await expect(links).toHaveAttribute('open', '');
    await expect(links.locator('summary')).toHaveText('Links in this message (2) — 2 need care');
    await expect(links).toContainText('The text shows www.paypal.com, but the link goes to 127.0.0.1.');
    await expect(links).toContainText('xn--pypal-4ve.com mixes letters from different alphabets');

    // Opening a flagged link asks first; declining opens nothing.
    let asked = '';
    page.once('dialog', (dialog) => {
      asked = dialog.message();
      void dialog.dismiss();
    });
    const pages = page.context().pages().length;
    await links.getByRole('button', { name: 'Open' }).first().click();
    expect(asked).toContain(`Open ${canary.origin}/link/phish anyway?`);
    expect(page.context().pages()).toHaveLength(pages);
    expect(canary.requests()).toEqual([]);
  });

  test('"Always" loads remote content from that sender from now on, and can be undone', async ({ page }) => {
    canary.reset();
    const reader = await open(page, 'Second newsletter');
    await messageFrame(page, false);
    await reader.getByRole('button', { name: 'Always for news@shop.example' }).click();
    await canary.waitFor('/remote/second.png');

    // After a reload the choice is still there (IndexedDB), and it covers the sender's other messages.
    await page.reload();
    canary.reset();
    await open(page, 'Hostile newsletter');
    await messageFrame(page, true);
    await canary.waitFor('/remote/control.png');
    await expect(reader.getByRole('status')).toHaveText(/^Remote content from news@shop.example is always loaded\./);
    await expectNoScriptRan(page);

    await reader.getByRole('button', { name: 'Stop loading for news@shop.example' }).click();
    await messageFrame(page, false);
    await expect(reader.getByRole('status')).toHaveText(/^Remote content blocked/);
  });
});

/** A friendly HTML newsletter with an inline logo, for the cid: test and the screenshot. */
function welcomeHtml(): string {
  return `<!doctype html><html><head><style>
  .wrap { max-width: 560px; margin: 0 auto; font-family: Georgia, serif; color: #2b2b2b; }
  .head { display: flex; align-items: center; gap: 14px; border-bottom: 3px solid #1f6feb; padding-bottom: 10px; }
  .head h1 { font-size: 26px; margin: 0; }
  .button { display: inline-block; background: #1f6feb; color: #fff !important; padding: 8px 16px; border-radius: 6px; text-decoration: none !important; }
  blockquote { border-left: 3px solid #d0d7de; margin: 0; padding-left: 12px; color: #57606a; }
</style></head><body><div class="wrap">
  <div class="head"><img class="logo" src="cid:logo@tern.example" width="64" height="64" alt="Tern logo"><h1>Tern Weekly</h1></div>
  <p>Hello Alice,</p>
  <p>This week: <b>HTML mail</b> arrives in Tern, shown in a sandboxed frame with remote content blocked until you allow it.</p>
  <blockquote>“Nothing in an email runs, and nothing loads behind your back.”</blockquote>
  <p><a class="button" href="https://tern.example/blog/html-mail">Read the announcement</a></p>
  <p style="font-size: 12px; color: #6b7385">You receive this because you subscribed. <a href="https://tern.example/unsubscribe">Unsubscribe</a>.</p>
</div></body></html>`;
}
