/**
 * Code that runs inside the page for `npm run bench:ui` (plain JavaScript strings: this project has no DOM
 * types in electron/). Each only watches or drives the UI the way a person would (scrolling, typing); none
 * reaches into the app's code.
 */

/** Init script: the first message row's paint after navigation, `performance.now()` (ms since navigation). */
export const firstRowProbe = `(() => {
  window.__ternUi = { firstRowAt: null };
  const seen = () => document.querySelector('[aria-label="Message list"] [role="option"]');
  const observer = new MutationObserver(() => {
    if (window.__ternUi.firstRowAt === null && seen()) {
      requestAnimationFrame(() => { window.__ternUi.firstRowAt = performance.now(); });
      observer.disconnect();
    }
  });
  document.addEventListener('DOMContentLoaded', () => observer.observe(document.body, { childList: true, subtree: true }));
})()`;

/** Clicks a folder button and resolves with the ms until the list shows rows again (to the next frame). */
export function folderSwitchScript(folderLabel: string): string {
  return `(async () => {
  const button = [...document.querySelectorAll('[role="tree"] button')].find((b) => b.textContent.trim().startsWith(${JSON.stringify(folderLabel)}));
  if (!button) throw new Error('no folder button ' + ${JSON.stringify(folderLabel)});
  const list = () => document.querySelector('[aria-label="Message list"]');
  const before = list();
  const started = performance.now();
  button.click();
  for (;;) {
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const now = list();
    if (now && now !== before && now.querySelector('[role="option"]')) return performance.now() - started;
    if (performance.now() - started > 20000) throw new Error('the folder did not show rows');
  }
})()`;
}

/** Scrolls the message list by `step` px per frame for `ms`, returning every frame's duration. */
export function scrollFramesScript(step: number, ms: number): string {
  return `(async () => {
  const scroller = document.querySelector('.list-scroll');
  if (!scroller) throw new Error('no list');
  const frames = [];
  let last = await new Promise((resolve) => requestAnimationFrame(resolve));
  const end = last + ${ms};
  for (;;) {
    scroller.scrollTop += ${step};
    const now = await new Promise((resolve) => requestAnimationFrame(resolve));
    frames.push(now - last);
    last = now;
    if (now > end) break;
  }
  const rendered = scroller.querySelectorAll('[role="option"]').length;
  return { frames, scrollTop: scroller.scrollTop, rendered };
})()`;
}

/**
 * Types a query into the search box as one input event and resolves with the ms until the results line for
 * it is painted (the next frame after it shows a count).
 */
export function searchLatencyScript(query: string): string {
  return `(async () => {
  const input = document.querySelector('input[aria-label="Search mail"]');
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  const status = () => document.querySelector('.results-status span');
  setValue.call(input, '');
  input.dispatchEvent(new Event('input', { bubbles: true }));
  for (let i = 0; i < 100 && status(); i++) await new Promise((resolve) => requestAnimationFrame(resolve));
  const started = performance.now();
  setValue.call(input, ${JSON.stringify(query)});
  input.dispatchEvent(new Event('input', { bubbles: true }));
  for (;;) {
    const text = status()?.textContent ?? '';
    if (text.includes('in cached mail (')) {
      await new Promise((resolve) => requestAnimationFrame(resolve));
      return { ms: performance.now() - started, text };
    }
    if (performance.now() - started > 60000) throw new Error('no results line for ' + ${JSON.stringify(query)});
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
})()`;
}

/**
 * The naive way, for comparison: read every cached row from IndexedDB and filter it (what a search without
 * an in-memory index costs per keystroke). Raw IndexedDB, so it needs nothing from the app.
 */
export function idbScanScript(word: string): string {
  return `(async () => {
  const db = await new Promise((resolve, reject) => { const r = indexedDB.open('tern'); r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
  const started = performance.now();
  const rows = await new Promise((resolve, reject) => {
    const request = db.transaction('messages', 'readonly').objectStore('messages').getAll();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const needle = ${JSON.stringify(word)};
  const hits = rows.filter((row) => row.subject.toLowerCase().includes(needle) || row.from.some((a) => (a.name + ' ' + a.address).toLowerCase().includes(needle))).length;
  const ms = performance.now() - started;
  db.close();
  return { ms, rows: rows.length, hits };
})()`;
}

/**
 * Clicks the list row at `index` and resolves with the ms until the reader shows that message's body (to the
 * next frame). Run twice on a row: the first includes the fetch from the server, the second is the cache.
 */
export function openMessageScript(index: number): string {
  return `(async () => {
  const rows = document.querySelectorAll('[aria-label="Message list"] [role="option"]');
  const row = rows[${index}];
  if (!row) throw new Error('no row ${index}');
  const subject = row.querySelector('.subject')?.firstChild?.textContent?.trim() ?? '';
  const started = performance.now();
  row.click();
  for (;;) {
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const shown = document.querySelector('.reader-subject')?.textContent?.trim();
    const body = document.querySelector('.reader-body, .reader-pane-html iframe');
    if (shown === subject && body) return performance.now() - started;
    if (performance.now() - started > 20000) throw new Error('the message did not open: ' + subject);
  }
})()`;
}
