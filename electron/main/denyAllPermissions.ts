/**
 * Tern's pages need no browser permission (camera, geolocation, notifications, clipboard-read, HID...):
 * anything the app does with the OS goes through the main process. So every request and every check is
 * refused, whoever asks — including a frame showing an email.
 */
import type { Session } from 'electron';

export type PermissionSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>;

export function denyAllPermissions(session: PermissionSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
