/**
 * The user's display and behaviour preferences. Nothing in them is private (no address, no password), so
 * they live in localStorage, readable before the first paint; each is checked on read, so a hand-edited or
 * older value falls back to its default instead of breaking the window.
 */
import { useSyncExternalStore } from 'react';

export interface Preferences {
  density: 'comfortable' | 'compact';
  /** Milliseconds after opening before a message is marked read; -1: never automatically. */
  markReadDelayMs: number;
  /** Seconds a sent message waits in the outbox, during which Undo takes it back; 0: off. */
  undoSendSeconds: number;
  /** A desktop notification for new mail in an Inbox. */
  notifyNewMail: boolean;
  /** Accounts whose new mail never notifies. */
  mutedAccounts: string[];
  folderPaneWidth: number;
  listPaneWidth: number;
  folderPaneCollapsed: boolean;
  /** Tags (IMAP keywords) the user made here, offered in the Tags menu. */
  knownTags: string[];
  /** Bodies of mail this many days old or newer are fetched ahead for offline reading; 0: only what is opened. */
  offlineDays: number;
  /** At most this much mail (by message size) is kept for offline reading; the oldest goes first. */
  offlineBudgetMb: number;
  /** Account ids in the order the user put them. */
  accountOrder: string[];
  /** A colour per account id (#rrggbb), where the user chose one. */
  accountColours: Record<string, string>;
  /** Folders (`accountId\u0000path`) kept in step and read ahead for offline use even when not opened. */
  offlineFolders: string[];
  /** How new messages and forwards start; a reply follows its original (rich when it has HTML). */
  composeFormat: 'rich' | 'plain';
  /**
   * In a dark theme, HTML mail is darkened by CSS inside its frame (colours inverted, images kept) instead of
   * shown on the white page its sender wrote it for. Each message can still switch.
   */
  darkMessageView: boolean;
}

export const DEFAULT_PREFERENCES: Preferences = {
  density: 'comfortable',
  markReadDelayMs: 800,
  undoSendSeconds: 5,
  notifyNewMail: true,
  mutedAccounts: [],
  folderPaneWidth: 240,
  listPaneWidth: 360,
  folderPaneCollapsed: false,
  knownTags: [],
  offlineDays: 30,
  offlineBudgetMb: 500,
  accountOrder: [],
  accountColours: {},
  offlineFolders: [],
  composeFormat: 'rich',
  darkMessageView: false,
};

export const MARK_READ_CHOICES = [0, 800, 3000, -1] as const;
export const UNDO_SEND_CHOICES = [0, 5, 10, 20, 30] as const;
export const OFFLINE_DAY_CHOICES = [0, 7, 30, 90, 365] as const;
export const OFFLINE_BUDGET_CHOICES = [100, 500, 2000, 10000] as const;
export const PANE_LIMITS = { folder: [160, 420], list: [260, 720] } as const;

const KEY = 'tern.preferences';

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem'>;

const clamp = (value: number, [low, high]: readonly [number, number]) => Math.min(high, Math.max(low, Math.round(value)));

/** Whatever was stored, made into valid preferences. */
export function readPreferences(raw: unknown): Preferences {
  const value = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const pick = <T>(key: keyof Preferences, valid: (v: unknown) => v is T): T => (valid(value[key]) ? value[key] : (DEFAULT_PREFERENCES[key] as T));
  const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  return {
    density: pick('density', (v): v is Preferences['density'] => v === 'compact' || v === 'comfortable'),
    markReadDelayMs: pick('markReadDelayMs', (v): v is number => (MARK_READ_CHOICES as readonly unknown[]).includes(v)),
    undoSendSeconds: pick('undoSendSeconds', (v): v is number => (UNDO_SEND_CHOICES as readonly unknown[]).includes(v)),
    notifyNewMail: pick('notifyNewMail', (v): v is boolean => typeof v === 'boolean'),
    mutedAccounts: pick('mutedAccounts', (v): v is string[] => Array.isArray(v) && v.every((id) => typeof id === 'string')),
    folderPaneWidth: clamp(pick('folderPaneWidth', isNumber), PANE_LIMITS.folder),
    listPaneWidth: clamp(pick('listPaneWidth', isNumber), PANE_LIMITS.list),
    folderPaneCollapsed: pick('folderPaneCollapsed', (v): v is boolean => typeof v === 'boolean'),
    offlineDays: pick('offlineDays', (v): v is number => (OFFLINE_DAY_CHOICES as readonly unknown[]).includes(v)),
    offlineBudgetMb: pick('offlineBudgetMb', (v): v is number => (OFFLINE_BUDGET_CHOICES as readonly unknown[]).includes(v)),
    accountOrder: pick('accountOrder', (v): v is string[] => Array.isArray(v) && v.length <= 100 && v.every((id) => typeof id === 'string')),
    accountColours: pick(
      'accountColours',
      (v): v is Record<string, string> => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((colour) => typeof colour === 'string' && /^#[0-9a-f]{6}$/i.test(colour)),
    ),
    offlineFolders: pick('offlineFolders', (v): v is string[] => Array.isArray(v) && v.length <= 500 && v.every((key) => typeof key === 'string' && key.length <= 2048)),
    knownTags: pick('knownTags', (v): v is string[] => Array.isArray(v) && v.length <= 200 && v.every((tag) => typeof tag === 'string' && tag.length <= 64)),
    composeFormat: pick('composeFormat', (v): v is Preferences['composeFormat'] => v === 'rich' || v === 'plain'),
    darkMessageView: pick('darkMessageView', (v): v is boolean => typeof v === 'boolean'),
  };
}

export class PreferenceStore {
  private current: Preferences;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly storage: Storage) {
    let stored: unknown = null;
    try {
      stored = JSON.parse(storage.getItem(KEY) ?? 'null');
    } catch {
      // A corrupt value is the same as none.
    }
    this.current = readPreferences(stored);
  }

  get(): Preferences {
    return this.current;
  }

  set(change: Partial<Preferences>): void {
    this.current = readPreferences({ ...this.current, ...change });
    this.storage.setItem(KEY, JSON.stringify(this.current));
    for (const listener of this.listeners) listener();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

let shared: PreferenceStore | null = null;

/** The window's store (created on first use, from localStorage; in memory where there is none, as in tests). */
export function preferences(): PreferenceStore {
  shared ??= new PreferenceStore(typeof localStorage === 'undefined' ? memoryStorage() : localStorage);
  return shared;
}

function memoryStorage(): Storage {
  const values = new Map<string, string>();
  return { getItem: (key) => values.get(key) ?? null, setItem: (key, value) => void values.set(key, value) };
}

export function usePreferences(): Preferences {
  const store = preferences();
  return useSyncExternalStore(store.subscribe, () => store.get());
}
