/** Whether the window is dark now: the theme chosen in Settings, or the system's when it follows the system. */
import { useSyncExternalStore } from 'react';
import { onThemeChange, storedTheme } from './theme';

const SYSTEM_DARK = '(prefers-color-scheme: dark)';

function subscribe(listener: () => void): () => void {
  const media = typeof matchMedia === 'function' ? matchMedia(SYSTEM_DARK) : null;
  media?.addEventListener('change', listener);
  const stop = onThemeChange(listener);
  return () => {
    media?.removeEventListener('change', listener);
    stop();
  };
}

function isDark(): boolean {
  const theme = storedTheme();
  if (theme !== 'system') return theme === 'dark';
  return typeof matchMedia === 'function' && matchMedia(SYSTEM_DARK).matches;
}

export function useDarkTheme(): boolean {
  return useSyncExternalStore(subscribe, isDark);
}
