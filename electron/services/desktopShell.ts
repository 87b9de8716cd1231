/**
 * What the engine may ask of the desktop around the window. The Electron host shows the unread count on the
 * dock/taskbar badge and in the tray; browser mode has no desktop (the page title carries the count there),
 * so it passes no shell.
 */
export interface DesktopShell {
  setUnreadCount(count: number): void;
  /** A window with only the composer, for the draft with this id (validated by the caller). */
  openComposeWindow?(draftId: string): void;
}
