/**
 * Code that runs inside the page under test (plain JavaScript: this project has no DOM types). Nothing here
 * changes what the app does; it only watches:
 * - `probeScript` (an init script, so it runs before the app): wraps `WebSocket.prototype.send` to note when
 *   each `syncMailbox` call leaves and when its result comes back (only small frames are looked at, so the
 *   deltas pass untouched), and polls IndexedDB every 20 ms, in a read-only transaction of its own, for the
 *   moment the newest 50 rows are committed, then every 250 ms (each poll is a read transaction queued between
 *   the sync's writes) for the moment the whole mailbox (oldest row and cursor) is. The app acknowledges a delta
 *   right after its transaction committed, so the full sync's figure is the acknowledgement of the INBOX delta
 *   that carried the cursor, once a poll has confirmed the rows and cursor are there (a 250 ms poll alone would
 *   add up to 250 ms of its own).
 * - `bulkPutScript`: the cache half of the limit, a plain Dexie `bulkPut` of the rows Tern stored, into a
 *   separate database of the same origin with the same schema for `messages`.
 */

export interface SyncCall {
  id: number;
  path: string;
  withCursor: boolean;
  sentAt: number;
  resultAt: number | null;
  ok: boolean | null;
}

/** `window.__ternBench`; times are `performance.now()` of the page (ms since its navigation started). */
export interface ProbeState {
  /** The page's performance.timeOrigin: its times plus this are epoch ms, like Date.now(). */
  timeOrigin: number;
  calls: SyncCall[];
  accountId: string | null;
  firstWindowAt: number | null;
  /** When a poll first found the whole mailbox committed. */
  fullAt: number | null;
  /** When the delta that completed it was acknowledged (its commit), confirmed by that poll. */
  fullCommittedAt: number | null;
  /** The first message row rendered in the list. */
  uiFirstRowAt: number | null;
  polls: number;
  pollError: string | null;
  stopPolling: boolean;
  /** Every `mailboxChanged` delta that arrived (when and how large) and when its acknowledgement left. */
  deltas: Array<{ at: number; chars: number; ackAt: number | null; cursor: boolean }>;
}

export function probeScript(mailboxSize: number): string {
  return `(() => {
  const SIZE = ${JSON.stringify(mailboxSize)};
  const PATH = 'INBOX';
  const state = { timeOrigin: performance.timeOrigin, calls: [], accountId: null, firstWindowAt: null, fullAt: null, fullCommittedAt: null, uiFirstRowAt: null, polls: 0, pollError: null, stopPolling: false, deltas: [] };
  window.__ternBench = state;

  const send = WebSocket.prototype.send;
  const watched = new WeakSet();
  WebSocket.prototype.send = function (data) {
    if (typeof data === 'string' && data.length < 8192 && data.includes('"acknowledgeDelta"')) {
      const open = state.deltas.find((d) => d.ackAt === null);
      if (open) open.ackAt = performance.now();
    }
    if (typeof data === 'string' && data.length < 8192 && data.includes('"syncMailbox"')) {
      try {
        const message = JSON.parse(data);
        if (message && message.t === 'call' && message.method === 'syncMailbox') {
          state.calls.push({ id: message.id, path: message.args.path, withCursor: Boolean(message.args.cursor), sentAt: performance.now(), resultAt: null, ok: null });
        }
      } catch {}
    }
    if (!watched.has(this)) {
      watched.add(this);
      this.addEventListener('message', (event) => {
        const frame = event.data;
        if (typeof frame !== 'string') return;
        // Deltas are told apart by their start only: the frame itself is left to the app.
        if (frame.startsWith('{"t":"event","name":"mailboxChanged"')) {
          // Only the ends of a frame are searched: the path comes first, the cursor after the rows (a quote
          // inside a row's text is escaped, so a subject cannot pass for either).
          const cursor = frame.slice(0, 1024).includes('"path":"' + PATH + '"') && frame.slice(-1024).includes('"cursor":{');
          state.deltas.push({ at: performance.now(), chars: frame.length, ackAt: null, cursor });
        }
        if (frame.length > 8192 || !frame.includes('"t":"result"')) return;
        try {
          const message = JSON.parse(frame);
          const call = state.calls.find((c) => c.id === message.id && c.resultAt === null);
          if (call) {
            call.resultAt = performance.now();
            call.ok = message.ok === true;
          }
        } catch {}
      });
    }
    return send.call(this, data);
  };

  let db = null;
  const request = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
  async function openDb() {
    // Never create the database: the app's Dexie must be the one that does (and upgrades it).
    const names = await indexedDB.databases();
    if (!names.some((d) => d.name === 'tern')) return null;
    return new Promise((resolve) => {
      const open = indexedDB.open('tern');
      open.onupgradeneeded = () => open.transaction.abort();
      open.onerror = () => resolve(null);
      open.onsuccess = () => {
        const handle = open.result;
        const stores = ['accounts', 'messages', 'cursors'];
        if (!stores.every((name) => handle.objectStoreNames.contains(name))) { handle.close(); resolve(null); return; }
        handle.onversionchange = () => { handle.close(); db = null; };
        resolve(handle);
      };
    });
  }
  async function tick() {
    if (!state.uiFirstRowAt && document.querySelector('[role="option"]')) state.uiFirstRowAt = performance.now();
    if (!db) db = await openDb();
    if (!db) return;
    const tx = db.transaction(['accounts', 'messages', 'cursors'], 'readonly');
    if (!state.accountId) {
      const accounts = await request(tx.objectStore('accounts').getAll());
      state.accountId = accounts[0] ? accounts[0].id : null;
      return;
    }
    const key = (uid) => [state.accountId, PATH, uid];
    const messages = tx.objectStore('messages');
    // All requests are issued at once, inside the transaction's first task.
    const first = state.firstWindowAt === null ? request(messages.get(key(Math.max(1, SIZE - 49)))) : null;
    const oldest = state.fullAt === null ? request(messages.get(key(1))) : null;
    const cursor = state.fullAt === null ? request(tx.objectStore('cursors').get([state.accountId, PATH])) : null;
    const [a, b, c] = await Promise.all([first, oldest, cursor]);
    const now = performance.now();
    if (first && a) state.firstWindowAt = now;
    if (oldest && b && c) {
      state.fullAt = now;
      const done = state.deltas.filter((d) => d.cursor && d.ackAt !== null && d.ackAt <= now).pop();
      state.fullCommittedAt = done ? done.ackAt : now;
    }
  }
  (async function loop() {
    while (!state.stopPolling && !(state.fullAt !== null && state.uiFirstRowAt !== null)) {
      try {
        await tick();
        state.polls++;
      } catch (error) {
        state.pollError = String(error && error.message || error);
        db = null;
      }
      // Every poll is a read transaction that IndexedDB queues between the sync's writes: frequent until the
      // first window is in (that figure is small), then only often enough for the full-sync figure (±250 ms).
      await new Promise((resolve) => setTimeout(resolve, state.firstWindowAt === null ? 20 : 250));
    }
  })();
})();`;
}

/** Resolves with the rows of INBOX that Tern stored (read straight from its IndexedDB), kept in the page. */
export const loadRowsScript = `(async () => {
  const request = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
  const db = await request(indexedDB.open('tern'));
  const rows = await request(db.transaction('messages', 'readonly').objectStore('messages').getAll());
  db.close();
  window.__ternBenchRows = rows.filter((row) => row.path === 'INBOX');
  return window.__ternBenchRows.length;
})()`;

/**
 * One plain Dexie bulkPut of those rows into a fresh database whose `messages` store has the app's own
 * schema (read from the app's database, so it follows any change to renderer/cache/db.ts); resolves with its
 * duration in ms.
 */
export const bulkPutScript = `(async () => {
  const request = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
  const app = await request(indexedDB.open('tern'));
  const store = app.transaction('messages', 'readonly').objectStore('messages');
  const path = (keyPath) => (Array.isArray(keyPath) ? '[' + keyPath.join('+') + ']' : keyPath);
  const indexes = Array.from(store.indexNames, (name) => {
    const index = store.index(name);
    return (index.unique ? '&' : '') + (index.multiEntry ? '*' : '') + path(index.keyPath);
  });
  const schema = [(store.autoIncrement ? '++' : '') + path(store.keyPath), ...indexes].join(', ');
  app.close();

  const rows = window.__ternBenchRows;
  const name = 'tern-bench-limit';
  await Dexie.delete(name);
  const db = new Dexie(name);
  db.version(1).stores({ messages: schema });
  await db.open();
  const started = performance.now();
  await db.messages.bulkPut(rows);
  const ms = performance.now() - started;
  const stored = await db.messages.count();
  db.close();
  await Dexie.delete(name);
  return { ms, stored, schema };
})()`;
