import { describe, expect, it } from 'vitest';
import { executableByContent, executableKind } from './executableTypes';

const bytes = (...values: number[]) => new Uint8Array(values);
const ascii = (text: string) => new Uint8Array([...text].map((c) => c.charCodeAt(0)));

describe('executableKind', () => {
  it('finds programs by their bytes, whatever the name says', () => {
    expect(executableKind('invoice.pdf', ascii('MZ\x90\x00'))).toEqual({ description: 'a Windows program (MZ executable)', by: 'content' });
    expect(executableKind('photo.jpg', ascii('\x7fELF\x02\x01'))?.description).toMatch(/ELF/);
    expect(executableKind('notes.txt', ascii('#!/bin/sh\nrm -rf ~\n'))?.description).toMatch(/script/);
    for (const magic of [[0xfe, 0xed, 0xfa, 0xcf], [0xcf, 0xfa, 0xed, 0xfe], [0xfe, 0xed, 0xfa, 0xce], [0xce, 0xfa, 0xed, 0xfe]]) {
      expect(executableKind('song.mp3', bytes(...magic, 0, 0))?.description).toMatch(/Mach-O/);
    }
    expect(executableKind('x.doc', bytes(0xca, 0xfe, 0xba, 0xbe))?.description).toMatch(/Mach-O/);
    expect(executableKind('x.doc', bytes(0x4c, 0, 0, 0, 1, 0x14, 2, 0, 0))?.description).toMatch(/shortcut/);
  });

  it('finds them by extension when the bytes say nothing', () => {
    for (const name of ['a.exe', 'b.LNK', 'c.jar', 'd.js', 'e.vbs', 'f.bat', 'g.cmd', 'h.ps1', 'i.sh', 'j.app', 'k.scr', 'l.msi', 'm.hta']) {
      expect(executableKind(name, ascii('plain bytes'))?.by, name).toBe('extension');
    }
    expect(executableKind('invoicefdp.exe')?.description).toBe('a Windows program (.exe)');
  });

  it('leaves ordinary files alone', () => {
    expect(executableKind('report.pdf', ascii('%PDF-1.4'))).toBeNull();
    expect(executableKind('photo.png', bytes(0x89, 0x50, 0x4e, 0x47))).toBeNull();
    expect(executableKind('.bashrc', ascii("alias ls='ls'"))).toBeNull();
    expect(executableKind('empty.txt', new Uint8Array())).toBeNull();
    expect(executableKind('M.txt', ascii('M'))).toBeNull();
  });

  it('needs the whole signature', () => {
    expect(executableByContent(ascii('#'))).toBeNull();
    expect(executableByContent(bytes(0x7f, 0x45, 0x4c))).toBeNull();
  });
});
