/**
 * The watcher's following logic against a scripted connection (the real server is in pushFollowsScreen.int.test.ts):
 * clicks settle into one switch, switches never overlap, a folder the server refuses falls back to INBOX on the
 * same connection, and a reconnect keeps following.
 */
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TernError } from '../../shared/contract/errors';
import type { ImapClient } from '../imap/imapClient';
import { FolderWatcher, type WatcherState } from './folderWatcher';

/** Just what the watcher uses of an imapflow client; EXAMINE takes `selectMs`. */
class ScriptedConnection extends EventEmitter {
  usable = true;
  mailbox: { path: string } | false = false;
  readonly capabilities = new Map([['IDLE', true]]);
  readonly opened: string[] = [];
  refuse = new Set<string>();
  selectMs = 20;
  selecting = 0;
  maxSelecting = 0;

  async mailboxOpen(path: string): Promise<void> {
    this.opened.push(path);
    this.maxSelecting = Math.max(this.maxSelecting, ++this.selecting);
    try {
      // Like imapflow, a command in flight fails when the connection closes.
      await new Promise<void>((resolve) => {
        setTimeout(resolve, this.selectMs);
        this.once('close', resolve);
      });
      if (!this.usable) throw new Error('Connection not available');
      if (this.refuse.has(path)) {
        this.mailbox = false;
        throw new Error(`NO Mailbox doesn't exist: ${path}`);
      }
      this.mailbox = { path };
    } finally {
      this.selecting--;
    }
  }

  /** Another device changed the selected mailbox. */
  push(): void {
    if (this.mailbox) this.emit('flags', { path: this.mailbox.path, seq: 1 });
  }

  close(): void {
    if (!this.usable) return;
    this.usable = false;
    this.emit('close');
  }

  /** The server ends the session with a BYE, which imapflow keeps as `byeReason`. */
  bye(reason: string): void {
    (this as { byeReason?: string }).byeReason = reason;
    this.close();
  }
}

let connections: ScriptedConnection[];
let changes: string[][];
let states: WatcherState['state'][];
let fallbacks: string[];
let watcher: FolderWatcher;
const latest = () => connections[connections.length - 1]!;

function startWatcher(initialPath: string | null = null): FolderWatcher {
  watcher = new FolderWatcher({
    open: async () => {
      const connection = new ScriptedConnection();
      connections.push(connection);
      return connection as unknown as ImapClient;
    },
    initialPath,
    onChange: (paths) => changes.push(paths),
    onState: (state) => states.push(state.state),
    onFallback: (path) => fallbacks.push(path),
    describe: (error) => (error instanceof TernError ? error : new TernError('DISCONNECTED', String(error))),
  });
  watcher.start();
  return watcher;
}

beforeEach(() => {
  vi.useFakeTimers();
  connections = [];
  changes = [];
  states = [];
  fallbacks = [];
});

afterEach(async () => {
  await watcher?.stop();
  vi.useRealTimers();
});

describe('FolderWatcher', () => {
  it('starts on the folder on screen, or INBOX, and says what may have changed while nobody listened', async () => {
    startWatcher('Work');
    await vi.advanceTimersByTimeAsync(100);
    expect(latest().opened).toEqual(['Work']);
    expect(states).toEqual(['connecting', 'online']);
    expect(changes.flat().sort()).toEqual(['INBOX', 'Work']);
  });

  it('makes one switch for a burst of clicks, to the folder the user stays on', async () => {
    startWatcher();
    await vi.advanceTimersByTimeAsync(100);
    watcher.follow('A');
    await vi.advanceTimersByTimeAsync(100);
    watcher.follow('B');
    await vi.advanceTimersByTimeAsync(100);
    watcher.follow('C');
    await vi.advanceTimersByTimeAsync(250);
    expect(latest().opened).toEqual(['INBOX']);
    await vi.advanceTimersByTimeAsync(100);
    expect(latest().opened).toEqual(['INBOX', 'C']);
    // Leaving a folder and coming back within the delay moves nothing.
    watcher.follow(null);
    watcher.follow('C');
    await vi.advanceTimersByTimeAsync(1000);
    expect(latest().opened).toEqual(['INBOX', 'C']);
  });

  it('runs one switch at a time: a choice made during a switch waits for it', async () => {
    startWatcher();
    await vi.advanceTimersByTimeAsync(100);
    latest().selectMs = 500;
    watcher.follow('A');
    await vi.advanceTimersByTimeAsync(400); // A's EXAMINE is under way
    watcher.follow('B');
    await vi.advanceTimersByTimeAsync(2000);
    expect(latest().opened).toEqual(['INBOX', 'A', 'B']);
    expect(latest().maxSelecting).toBe(1);
    expect(latest().mailbox).toEqual({ path: 'B' });
  });

  it('reports pushes for the folder it follows, naming it', async () => {
    startWatcher();
    await vi.advanceTimersByTimeAsync(100);
    watcher.follow('Work');
    await vi.advanceTimersByTimeAsync(500);
    changes = [];
    latest().push();
    await vi.advanceTimersByTimeAsync(100);
    expect(changes).toEqual([['Work']]);
  });

  it('falls back to INBOX, on the same connection, when the server will not open the folder', async () => {
    startWatcher();
    await vi.advanceTimersByTimeAsync(100);
    latest().refuse.add('Gone');
    watcher.follow('Gone');
    await vi.advanceTimersByTimeAsync(1000);
    expect(connections).toHaveLength(1);
    expect(latest().opened).toEqual(['INBOX', 'Gone', 'INBOX']);
    expect(latest().mailbox).toEqual({ path: 'INBOX' });
    expect(fallbacks).toEqual(['Gone']);
    expect(states).toEqual(['connecting', 'online']);
    // Not asked again by itself; asked again when the user comes back to it (it may exist again by then).
    await vi.advanceTimersByTimeAsync(5000);
    expect(latest().opened).toHaveLength(3);
    latest().refuse.clear();
    watcher.follow('Gone');
    await vi.advanceTimersByTimeAsync(1000);
    expect(latest().mailbox).toEqual({ path: 'Gone' });
  });

  it('opens the followed folder again when a listing no longer has it, and falls back to INBOX if it is gone', async () => {
    startWatcher('Work');
    await vi.advanceTimersByTimeAsync(100);
    // Listed (or INBOX followed): nothing to check.
    watcher.listed(['INBOX', 'Work']);
    await vi.advanceTimersByTimeAsync(500);
    expect(latest().opened).toEqual(['Work']);
    // Missing from a listing, but still there (the listing raced a rename back): looked at again, still watched.
    watcher.listed(['INBOX']);
    await vi.advanceTimersByTimeAsync(500);
    expect(latest().opened).toEqual(['Work', 'Work']);
    expect(latest().mailbox).toEqual({ path: 'Work' });
    // Deleted on another device, and the server said nothing to the idling session (Cyrus): back to INBOX.
    latest().refuse.add('Work');
    watcher.listed(['INBOX']);
    await vi.advanceTimersByTimeAsync(500);
    expect(latest().opened).toEqual(['Work', 'Work', 'Work', 'INBOX']);
    expect(latest().mailbox).toEqual({ path: 'INBOX' });
    expect(fallbacks).toEqual(['Work']);
    expect(connections).toHaveLength(1);
    // Once on INBOX, further listings move nothing.
    watcher.listed(['INBOX']);
    await vi.advanceTimersByTimeAsync(500);
    expect(latest().opened).toHaveLength(4);
  });

  it('keeps following the same folder after a reconnect', async () => {
    startWatcher();
    await vi.advanceTimersByTimeAsync(100);
    watcher.follow('Work');
    await vi.advanceTimersByTimeAsync(500);
    latest().close();
    await vi.advanceTimersByTimeAsync(5000); // the backoff
    expect(connections).toHaveLength(2);
    expect(latest().opened).toEqual(['Work']);
    expect(states).toEqual(['connecting', 'online', 'offline', 'connecting', 'online']);
  });

  it('reconnects at once, not offline, when the server asks for a new session; again within 30 s, it backs off', async () => {
    startWatcher('Doomed');
    await vi.advanceTimersByTimeAsync(100);
    // What Dovecot 2.3 says when the selected folder is deleted on another connection.
    latest().bye('IMAP session state is inconsistent, please relogin.');
    await vi.advanceTimersByTimeAsync(100);
    expect(connections).toHaveLength(2);
    expect(states).toEqual(['connecting', 'online', 'connecting', 'online']);
    // A server that keeps asking is not answered with a reconnect storm.
    latest().bye('IMAP session state is inconsistent, please relogin.');
    await vi.advanceTimersByTimeAsync(100);
    expect(connections).toHaveLength(2);
    expect(states.at(-1)).toBe('offline');
    // A plain lost link was never a reason to hurry.
    await vi.advanceTimersByTimeAsync(30_000);
    latest().close();
    await vi.advanceTimersByTimeAsync(100);
    expect(states.at(-1)).toBe('offline');
  });

  it('answers `ask` only on the followed folder and never during a switch', async () => {
    startWatcher();
    await vi.advanceTimersByTimeAsync(100);
    watcher.follow('Work');
    await vi.advanceTimersByTimeAsync(500);
    await expect(watcher.ask('Work', async () => 'asked')).resolves.toBe('asked');
    await expect(watcher.ask('INBOX', async () => 'asked')).resolves.toBeNull();
    latest().selectMs = 500;
    watcher.follow('Other');
    await vi.advanceTimersByTimeAsync(400);
    await expect(watcher.ask('Work', async () => 'asked')).resolves.toBeNull();
    await expect(watcher.ask('Other', async () => 'asked')).resolves.toBeNull();
  });

  it('steps out of a folder we are about to rename or delete, and follows again after', async () => {
    startWatcher('Projects.Tern');
    await vi.advanceTimersByTimeAsync(100);
    const left = watcher.leave('Projects');
    await vi.advanceTimersByTimeAsync(100);
    await left;
    expect(latest().mailbox).toEqual({ path: 'INBOX' });
    watcher.resume();
    await vi.advanceTimersByTimeAsync(100);
    expect(latest().opened).toEqual(['Projects.Tern', 'INBOX', 'Projects.Tern']);
    expect(connections).toHaveLength(1);
  });
});
