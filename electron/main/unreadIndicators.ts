/**
 * The unread count outside the window: the dock/launcher badge (macOS, Unity-style Linux launchers) and a tray
 * icon whose tooltip carries it, with Show and Quit. The icon ships with the renderer (renderer/public).
 */
import type { App, Menu as MenuType, NativeImage, Tray as TrayType } from 'electron';
import type { DesktopShell } from '../services/desktopShell';

export interface IndicatorDeps {
  app: Pick<App, 'setBadgeCount' | 'quit'>;
  createTray(image: NativeImage): Pick<TrayType, 'setToolTip' | 'setContextMenu' | 'on'>;
  buildMenu(template: { label: string; click(): void }[]): MenuType;
  loadIcon(): NativeImage;
  showWindow(): void;
}

export const trayTooltip = (count: number) => (count > 0 ? `Tern — ${count} unread` : 'Tern');

export function createUnreadIndicators(deps: IndicatorDeps): DesktopShell {
  const icon = deps.loadIcon();
  // Without an icon (a broken install) a tray would be an invisible square: the badge still works.
  const tray = icon.isEmpty() ? null : deps.createTray(icon.resize({ width: 22, height: 22 }));
  if (tray) {
    tray.setToolTip(trayTooltip(0));
    tray.setContextMenu(deps.buildMenu([{ label: 'Show Tern', click: deps.showWindow }, { label: 'Quit', click: () => deps.app.quit() }]));
    tray.on('click', deps.showWindow);
  }
  return {
    setUnreadCount(count) {
      deps.app.setBadgeCount(count);
      tray?.setToolTip(trayTooltip(count));
    },
  };
}
