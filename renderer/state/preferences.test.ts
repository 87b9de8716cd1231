import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES, PreferenceStore, readPreferences } from './preferences';

const memory = () => {
  const map = new Map<string, string>();
  return { getItem: (key: string) => map.get(key) ?? null, setItem: (key: string, value: string) => void map.set(key, value), map };
};

describe('preferences', () => {
  it('falls back to defaults for anything missing, wrong or corrupt', () => {
    expect(readPreferences(null)).toEqual(DEFAULT_PREFERENCES);
    expect(readPreferences({ density: 'tiny', markReadDelayMs: 123, undoSendSeconds: 'x', mutedAccounts: [1] })).toEqual(DEFAULT_PREFERENCES);
    const storage = memory();
    storage.setItem('tern.preferences', '{not json');
    expect(new PreferenceStore(storage).get()).toEqual(DEFAULT_PREFERENCES);
  });

  it('keeps pane widths within usable bounds', () => {
    expect(readPreferences({ folderPaneWidth: 5, listPaneWidth: 99999 })).toMatchObject({ folderPaneWidth: 160, listPaneWidth: 720 });
  });

  it('saves changes, tells listeners, and reads them back in a new window', () => {
    const storage = memory();
    const store = new PreferenceStore(storage);
    let told = 0;
    store.subscribe(() => told++);
    store.set({ density: 'compact', undoSendSeconds: 0, mutedAccounts: ['a1'] });
    expect(told).toBe(1);
    expect(new PreferenceStore(storage).get()).toMatchObject({ density: 'compact', undoSendSeconds: 0, mutedAccounts: ['a1'], markReadDelayMs: 800 });
  });
});
