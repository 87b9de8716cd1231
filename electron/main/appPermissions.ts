/**
 * Tern's pages need one browser permission: desktop notifications for new mail, and only for the app's own
 * page (its top frame, at the app origin). Everything else (camera, geolocation, clipboard-read, HID, ...)
 * is refused, whoever asks — and a frame showing an email never gets anything, notifications included:
 * anything else the app does with the OS goes through the main process.
 */
import type { Session } from 'electron';
import { APP_ORIGIN, isAppUrl } from './appUrl';

export type PermissionSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>;

export function limitPermissions(session: PermissionSession): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(permission === 'notifications' && details.isMainFrame === true && isAppUrl(details.requestingUrl));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) => {
    return permission === 'notifications' && requestingOrigin === APP_ORIGIN && details.isMainFrame === true;
  });
}
