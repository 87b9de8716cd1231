import { describe, expect, it, vi } from 'vitest';
import type { NativeImage } from 'electron';
import { createUnreadIndicators, trayTooltip, type IndicatorDeps } from './unreadIndicators';

function fakes(empty = false) {
  const tray = { setToolTip: vi.fn(), setContextMenu: vi.fn(), on: vi.fn() };
  const icon = { isEmpty: () => empty, resize: vi.fn(() => icon) } as unknown as NativeImage;
  const deps = {
    app: { setBadgeCount: vi.fn(() => true), quit: vi.fn() },
    createTray: vi.fn(() => tray),
    buildMenu: vi.fn((template) => template),
    loadIcon: () => icon,
    showWindow: vi.fn(),
  } as unknown as IndicatorDeps & { app: { setBadgeCount: ReturnType<typeof vi.fn>; quit: ReturnType<typeof vi.fn> }; createTray: ReturnType<typeof vi.fn>; buildMenu: ReturnType<typeof vi.fn> };
  return { deps, tray };
}

describe('unread indicators', () => {
  it('puts the count on the badge and in the tray tooltip', () => {
    const { deps, tray } = fakes();
    const shell = createUnreadIndicators(deps);
    shell.setUnreadCount(7);
    expect(deps.app.setBadgeCount).toHaveBeenLastCalledWith(7);
    expect(tray.setToolTip).toHaveBeenLastCalledWith('Tern — 7 unread');
    shell.setUnreadCount(0);
    expect(tray.setToolTip).toHaveBeenLastCalledWith('Tern');
    expect(trayTooltip(0)).toBe('Tern');
  });

  it('offers Show and Quit in the tray, and shows the window on a click', () => {
    const { deps, tray } = fakes();
    createUnreadIndicators(deps);
    const template = deps.buildMenu.mock.calls[0]?.[0] as { label: string; click(): void }[];
    expect(template.map((item) => item.label)).toEqual(['Show Tern', 'Quit']);
    template[1]?.click();
    expect(deps.app.quit).toHaveBeenCalledOnce();
    expect(tray.on).toHaveBeenCalledWith('click', deps.showWindow);
  });

  it('keeps the badge without a tray when the icon is missing', () => {
    const { deps } = fakes(true);
    const shell = createUnreadIndicators(deps);
    shell.setUnreadCount(3);
    expect(deps.createTray).not.toHaveBeenCalled();
    expect(deps.app.setBadgeCount).toHaveBeenLastCalledWith(3);
  });
});
