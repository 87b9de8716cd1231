/**
 * The app page's Content-Security-Policy, one definition for both hosts (Electron's app:// protocol and
 * browser mode's HTTP server). Only the transport's own endpoint differs, and is passed in.
 */
export function appContentSecurityPolicy(extraConnectSources: string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https: http:",
    "font-src 'self' data:",
    `connect-src 'self'${extraConnectSources.map((source) => ` ${source}`).join('')}`,
    "frame-src 'self' blob: data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
