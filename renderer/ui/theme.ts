/**
 * Light, dark, or following the system: a display preference (nothing private), so it lives in
 * localStorage and is applied before the first paint by setting `data-theme` on the root element.
 */
export type Theme = 'system' | 'light' | 'dark';

const KEY = 'tern.theme';
const THEMES: Theme[] = ['system', 'light', 'dark'];

export function storedTheme(): Theme {
  const value = localStorage.getItem(KEY);
  return THEMES.includes(value as Theme) ? (value as Theme) : 'system';
}

const listeners = new Set<() => void>();

export function applyTheme(theme: Theme): void {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
  localStorage.setItem(KEY, theme);
  for (const listener of listeners) listener();
}

/** For views showing the theme (the status bar, settings), which may change it from elsewhere. */
export function onThemeChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function nextTheme(theme: Theme): Theme {
  return THEMES[(THEMES.indexOf(theme) + 1) % THEMES.length] ?? 'system';
}
