/**
 * Whether an attachment is something that runs when opened, judged by its bytes (the real type, whatever the
 * name says) and by its extension (what the system will do with it). The reader asks before saving or
 * opening one, naming what it really is.
 */
import { fileExtension } from './safeFilename';

export interface ExecutableKind {
  /** How the reader names it to the user, e.g. "a Windows program (.exe)". */
  description: string;
  /** What gave it away. */
  by: 'content' | 'extension';
}

const EXTENSIONS: Record<string, string> = {
  exe: 'a Windows program',
  com: 'a Windows program',
  scr: 'a Windows screen saver (a program)',
  pif: 'a Windows program shortcut',
  msi: 'a Windows installer',
  msp: 'a Windows installer patch',
  dll: 'a Windows library',
  cpl: 'a Windows control panel program',
  lnk: 'a Windows shortcut',
  url: 'an internet shortcut',
  scf: 'a Windows Explorer command file',
  reg: 'a Windows registry file',
  hta: 'an HTML application',
  bat: 'a Windows batch script',
  cmd: 'a Windows command script',
  ps1: 'a PowerShell script',
  psm1: 'a PowerShell module',
  vbs: 'a VBScript script',
  vbe: 'an encoded VBScript script',
  js: 'a JavaScript script',
  jse: 'an encoded JavaScript script',
  wsf: 'a Windows Script file',
  wsh: 'a Windows Script settings file',
  msc: 'a Windows management console file',
  jar: 'a Java program',
  sh: 'a shell script',
  bash: 'a shell script',
  zsh: 'a shell script',
  command: 'a macOS shell script',
  app: 'a macOS application',
  pkg: 'a macOS installer',
  dmg: 'a macOS disk image',
  deb: 'a Debian package',
  rpm: 'an RPM package',
  appimage: 'a Linux program',
  run: 'a Linux installer',
  desktop: 'a Linux desktop launcher',
  apk: 'an Android app',
};

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return bytes.length >= signature.length && signature.every((byte, index) => bytes[index] === byte);
}

/** The executable type the bytes really are, or null. */
export function executableByContent(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0x4d, 0x5a])) return 'a Windows program (MZ executable)';
  if (startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46])) return 'a Linux program (ELF executable)';
  if (startsWith(bytes, [0x23, 0x21])) return 'a script (starts with #!)';
  for (const magic of [[0xfe, 0xed, 0xfa, 0xce], [0xfe, 0xed, 0xfa, 0xcf], [0xce, 0xfa, 0xed, 0xfe], [0xcf, 0xfa, 0xed, 0xfe]]) {
    if (startsWith(bytes, magic)) return 'a macOS program (Mach-O executable)';
  }
  if (startsWith(bytes, [0xca, 0xfe, 0xba, 0xbe])) return 'a macOS universal program or Java class (Mach-O fat binary)';
  if (startsWith(bytes, [0x4c, 0x00, 0x00, 0x00, 0x01, 0x14, 0x02, 0x00])) return 'a Windows shortcut (.lnk)';
  return null;
}

/** Null for an ordinary file; otherwise what it really is. Content wins over the name. */
export function executableKind(filename: string, bytes?: Uint8Array): ExecutableKind | null {
  const byContent = bytes ? executableByContent(bytes) : null;
  if (byContent) return { description: byContent, by: 'content' };
  const extension = fileExtension(filename);
  const byName = EXTENSIONS[extension];
  if (byName) return { description: `${byName} (.${extension})`, by: 'extension' };
  return null;
}
