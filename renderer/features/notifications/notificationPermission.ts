/**
 * The desktop-notification permission, as a small store the settings can show. The desktop app grants it to
 * its own page only (electron/main/appPermissions.ts); a browser asks the user once.
 */
type Permission = 'granted' | 'denied' | 'default' | 'unsupported';

const listeners = new Set<() => void>();
const read = (): Permission => (typeof Notification === 'undefined' ? 'unsupported' : Notification.permission);

export const notificationPermission = {
  get: read,
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export async function requestNotificationPermission(): Promise<Permission> {
  if (typeof Notification === 'undefined') return 'unsupported';
  if (Notification.permission === 'default') await Notification.requestPermission();
  for (const listener of listeners) listener();
  return read();
}
