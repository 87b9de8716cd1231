import { describe, expect, it } from 'vitest';
import { fileExtension, safeFilename } from './safeFilename';

describe('safeFilename', () => {
  it('keeps ordinary names as they are', () => {
    expect(['report.pdf', 'Grüße aus Köln.txt', 'photo 1.JPG', 'archive.tar.gz', '.bashrc'].map(safeFilename)).toEqual([
      'report.pdf',
      'Grüße aus Köln.txt',
      'photo 1.JPG',
      'archive.tar.gz',
      '.bashrc',
    ]);
  });

  it('keeps the base name only, on either separator', () => {
    expect(safeFilename('../../.bashrc')).toBe('.bashrc');
    expect(safeFilename('..\\..\\Windows\\System32\\evil.dll')).toBe('evil.dll');
    expect(safeFilename('/etc/passwd')).toBe('passwd');
    expect(safeFilename('C:\\Users\\Public\\x.txt')).toBe('x.txt');
    expect(safeFilename('a/b\\c/..')).toBe('attachment');
    expect(safeFilename('dir/')).toBe('attachment');
  });

  it('strips bidi overrides and invisible characters, so the real extension shows', () => {
    expect(safeFilename('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(safeFilename('\u2066report\u2069\u200E.pdf\u200F')).toBe('report.pdf');
    expect(safeFilename('a\u202Ab\u202Bc\u202Cd\u202De\u2067f\u2068g.txt')).toBe('abcdefg.txt');
  });

  it('strips NUL and control characters (a NUL cannot cut the extension off)', () => {
    expect(safeFilename('evil.exe\u0000.pdf')).toBe('evil.exe.pdf');
    expect(safeFilename('line\r\nbreak\t.txt\u007f\u0085')).toBe('linebreak.txt');
    expect(safeFilename('.\u0000./.\u0000.')).toBe('attachment');
  });

  it('treats a separator hidden behind a control character as a separator', () => {
    expect(safeFilename('..\u0000/..\u0000/x.sh')).toBe('x.sh');
  });

  it('drops trailing dots and spaces, and characters Windows refuses', () => {
    expect(safeFilename('evil.exe. . ')).toBe('evil.exe');
    expect(safeFilename('a:b<c>d|e?f*g".txt')).toBe('a_b_c_d_e_f_g_.txt');
    expect(safeFilename('file.txt:Zone.Identifier')).toBe('file.txt_Zone.Identifier');
  });

  it('renames Windows reserved device names', () => {
    expect(['CON', 'prn.txt', 'Nul', 'com1.log', 'LPT9', 'aux.tar.gz'].map(safeFilename)).toEqual(['_CON', '_prn.txt', '_Nul', '_com1.log', '_LPT9', '_aux.tar.gz']);
    expect(safeFilename('console.txt')).toBe('console.txt');
    expect(safeFilename('com10.txt')).toBe('com10.txt');
  });

  it('falls back to "attachment" for empty names', () => {
    expect([null, undefined, '', '   ', '.', '..', '...', '\u202E', '../'].map(safeFilename)).toEqual(Array(9).fill('attachment'));
  });

  it('caps the length at 200 characters, keeping the extension', () => {
    const long = safeFilename(`${'a'.repeat(500)}.pdf`);
    expect(long).toHaveLength(200);
    expect(long.endsWith('.pdf')).toBe(true);
    const wide = safeFilename(`${'ü'.repeat(300)}.txt`);
    expect(wide.endsWith('.txt')).toBe(true);
    expect(Buffer.byteLength(wide)).toBeLessThanOrEqual(240);
    expect(safeFilename('b'.repeat(300))).toHaveLength(200);
    // Never splits a surrogate pair.
    const emoji = safeFilename(`${'😀'.repeat(150)}.png`);
    expect(emoji.endsWith('.png')).toBe(true);
    expect(emoji.includes('\uFFFD')).toBe(false);
    expect([...emoji.slice(0, -4)].every((c) => c === '😀')).toBe(true);
  });
});

describe('fileExtension', () => {
  it('is the last extension, lower-cased; a dot file has none', () => {
    expect([fileExtension('a.EXE'), fileExtension('x.tar.gz'), fileExtension('.bashrc'), fileExtension('README')]).toEqual(['exe', 'gz', '', '']);
  });
});
