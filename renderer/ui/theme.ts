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

export function applyTheme(theme: Theme): void {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
  localStorage.setItem(KEY, theme);
}

export function nextTheme(theme: Theme): Theme {
  return THEMES[(THEMES.indexOf(theme) + 1) % THEMES.length] ?? 'system';
}
