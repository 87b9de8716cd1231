/**
 * The desktop app cancels remote requests from pages, except a message frame's images, stylesheets and fonts
 * after the user allowed them (the renderer then names the frame). Checked against the recording fake of
 * `electron`, directly and through the real composition root.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { REMOTE_CONTENT_FRAME_NAME } from '../../shared/contract/messages';
import { blockRemoteInMessageFrames, shouldCancelRemoteRequest } from './blockRemoteInMessageFrames';
import { createFakeElectron, FakeSession, FakeWebFrame } from './testing/fakeElectron';

vi.mock('../services/logger', () => ({ createLogger: () => ({ info() {}, warn() {}, error() {}, addSecret() {} }) }));
vi.mock('../services/createEngine', () => ({
  createEngine: () => ({ connect: () => ({ api: {}, close() {} }), addAccount: () => Promise.resolve(), wake() {}, shutdown: () => Promise.resolve() }),
}));

const appTop = () => new FakeWebFrame('app://tern/index.html');

function messageFrame(options: { allowed: boolean; parent?: FakeWebFrame }): FakeWebFrame {
  const frame = new FakeWebFrame('about:srcdoc', options.parent ?? appTop());
  if (options.allowed) frame.name = REMOTE_CONTENT_FRAME_NAME;
  return frame;
}

function installed() {
  const session = new FakeSession();
  const cancelled: string[] = [];
  blockRemoteInMessageFrames(session, (type) => cancelled.push(type));
  return { session, cancelled };
}

describe('blockRemoteInMessageFrames', () => {
  it('listens to http, https, ws and wss, and nothing else', () => {
    const { session } = installed();
    expect(session.webRequest.beforeRequest?.filter).toEqual({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] });
  });

  it('cancels everything a message frame asks for while remote content is blocked', async () => {
    const { session, cancelled } = installed();
    const frame = messageFrame({ allowed: false });
    for (const [resourceType, url] of [
      ['image', 'https://tracker.test/pixel.gif'],
      ['stylesheet', 'http://tracker.test/a.css'],
      ['font', 'https://fonts.test/x.woff2'],
      ['media', 'https://tracker.test/v.mp4'],
      ['subFrame', 'https://evil.test/'],
      ['webSocket', 'wss://evil.test/socket'],
    ] as const) {
      expect(await session.webRequest.request({ url, resourceType, webContentsId: 1, frame }), `${resourceType} ${url}`).toBe('cancel');
    }
    expect(cancelled).toEqual(['image', 'stylesheet', 'font', 'media', 'subFrame', 'webSocket']);
  });

  it('lets a message frame the user allowed load images, stylesheets and fonts, but nothing else', async () => {
    const { session } = installed();
    const frame = messageFrame({ allowed: true });
    for (const resourceType of ['image', 'stylesheet', 'font']) {
      expect(await session.webRequest.request({ url: 'https://cdn.shop.example/x', resourceType, webContentsId: 1, frame }), resourceType).toBe('proceed');
    }
    for (const resourceType of ['script', 'xhr', 'webSocket', 'subFrame', 'mainFrame', 'ping', 'object', 'media', 'cspReport', 'other']) {
      expect(await session.webRequest.request({ url: 'https://cdn.shop.example/x', resourceType, webContentsId: 1, frame }), resourceType).toBe('cancel');
    }
  });

  it('trusts the name only on a direct child of the app page', async () => {
    const { session } = installed();
    const image = (frame: FakeWebFrame | null | undefined) => session.webRequest.request({ url: 'https://cdn.test/a.png', resourceType: 'image', webContentsId: 1, frame });
    // A frame nested inside a message frame (if one ever existed) cannot borrow the name.
    expect(await image(messageFrame({ allowed: true, parent: messageFrame({ allowed: true }) }))).toBe('cancel');
    // A named frame under a foreign page, the app's top frame itself, or a frame that is gone.
    expect(await image(messageFrame({ allowed: true, parent: new FakeWebFrame('https://evil.test/') }))).toBe('cancel');
    const top = appTop();
    top.name = REMOTE_CONTENT_FRAME_NAME;
    expect(await image(top)).toBe('cancel');
    expect(await image(null)).toBe('cancel');
    expect(await image(undefined)).toBe('cancel');
  });

  it('refuses when the frame cannot be read any more', () => {
    const gone = Object.defineProperty({ url: 'about:srcdoc', parent: null }, 'name', {
      get() {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
    });
    expect(shouldCancelRemoteRequest({ url: 'https://a.test/x.png', resourceType: 'image', webContentsId: 1, frame: gone as never })).toBe(true);
  });

  it('cancels the app page’s own remote requests and leaves requests without a page alone', async () => {
    const { session } = installed();
    expect(await session.webRequest.request({ url: 'https://evil.test/x.png', resourceType: 'image', webContentsId: 1, frame: appTop() })).toBe('cancel');
    expect(await session.webRequest.request({ url: 'https://evil.test/', resourceType: 'xhr', webContentsId: 1, frame: appTop() })).toBe('cancel');
    expect(await session.webRequest.request({ url: 'https://redirector.gvt1.com/dict/en-US-10-1.bdic', resourceType: 'other' })).toBe('proceed');
  });
});

describe('electronMain wires it', () => {
  afterEach(() => {
    vi.doUnmock('electron');
  });

  it('installs the blocker on the default session when the app is ready', async () => {
    vi.resetModules();
    const fake = createFakeElectron();
    vi.doMock('electron', () => fake);
    await import('./electronMain');
    expect(fake.session.defaultSession.webRequest.beforeRequest).toBeNull();
    await fake.app.becomeReady();
    const request = fake.session.defaultSession.webRequest;
    expect(await request.request({ url: 'https://tracker.test/p.gif', resourceType: 'image', webContentsId: 1, frame: messageFrame({ allowed: false }) })).toBe('cancel');
    expect(await request.request({ url: 'https://cdn.test/p.png', resourceType: 'image', webContentsId: 1, frame: messageFrame({ allowed: true }) })).toBe('proceed');
  });
});
