/**
 * What the engine may ask of the desktop around the window. The Electron host shows the unread count on the
 * dock/taskbar badge and in the tray; browser mode has no desktop (the page title carries the count there),
 * so it passes no shell.
 */
export interface DesktopShell {
  setUnreadCount(count: number): void;
  /** A window with only the composer, for the draft with this id (validated by the caller). */
  openComposeWindow?(draftId: string): void;
  /**
   * Asks where to save a file (the native save dialog, `defaultName` filled in) and copies `file` there as a
   * stream. Resolves with the chosen path, or null when the user cancelled. `file` stays the caller's.
   */
  saveFile?(file: string, defaultName: string): Promise<string | null>;
  /** Copies `file` into a private temporary folder under `name` and opens it with the system's app for its type. */
  openFile?(file: string, name: string): Promise<void>;
}
