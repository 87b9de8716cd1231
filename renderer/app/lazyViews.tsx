/**
 * Views the first screen does not need — the composer, the settings and account dialogs, the add-account form,
 * the sync status — load on first use, so the list of a big folder paints sooner after a start (see
 * docs/benchmarks.md, bench:ui). Each comes with its own Suspense boundary: nothing else on screen blinks
 * while its chunk loads (from the app's own origin, as the CSP requires).
 */
import { lazy, Suspense, type ComponentProps, type ComponentType } from 'react';

function deferred<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  const Lazy = lazy(async () => ({ default: await load() }));
  return (props: P) => (
    <Suspense fallback={null}>
      <Lazy {...(props as ComponentProps<typeof Lazy>)} />
    </Suspense>
  );
}

export const Composer = deferred(() => import('../features/composer/Composer').then((m) => m.Composer));
export const AddAccountForm = deferred(() => import('../features/accounts/AddAccountForm').then((m) => m.AddAccountForm));
export const AccountSettings = deferred(() => import('../features/accounts/AccountSettings').then((m) => m.AccountSettings));
export const SyncStatusView = deferred(() => import('../features/syncStatus/SyncStatusView').then((m) => m.SyncStatusView));
export const SettingsDialog = deferred(() => import('../features/settings/SettingsDialog').then((m) => m.SettingsDialog));
