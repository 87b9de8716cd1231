/**
 * RFC 5322 messages with attachments for the attachment tests: ordinary files and the hostile names of
 * handbook/security.md (path traversal, plain and RFC 2047/2231-encoded, a right-to-left override, NUL), with
 * bytes that can be checked exactly.
 */
import { solidPng } from './htmlMessages';

export interface TestAttachment {
  /** The Content-Type and Content-Disposition parameters, written as given (already encoded if need be). */
  contentType: string;
  /** `filename="..."`, `filename*=...` or anything else to put after `attachment;`. */
  dispositionParams: string;
  data: Buffer;
}

/** `filename="<name>"`, for names that need no encoding (a raw UTF-8 header otherwise). */
export function plainName(name: string): string {
  return `filename="${name.replace(/["\\]/g, '\\$&')}"`;
}

export function messageWithAttachments(options: { subject: string; from?: string; text?: string; attachments: TestAttachment[] }): string {
  const boundary = 'tern-attach-boundary';
  const lines = [
    `From: ${options.from ?? 'Attachment Sender <files@example.test>'}`,
    'To: alice@example.test',
    `Subject: ${options.subject}`,
    'Date: Tue, 06 Jan 2026 09:00:00 +0000',
    `Message-ID: <attach-${options.subject.replace(/[^a-z0-9]/gi, '-')}@example.test>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    options.text ?? 'Files attached.',
  ];
  for (const attachment of options.attachments) {
    lines.push(
      `--${boundary}`,
      `Content-Type: ${attachment.contentType}`,
      `Content-Disposition: attachment; ${attachment.dispositionParams}`,
      'Content-Transfer-Encoding: base64',
      '',
      attachment.data.toString('base64').replace(/.{76}(?=.)/g, '$&\r\n'),
    );
  }
  lines.push(`--${boundary}--`, '');
  return lines.join('\r\n');
}

/** A small Windows-program lookalike: "MZ" and a little padding. */
export function fakeExe(): Buffer {
  return Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.from('This program cannot be run in DOS mode.\r\n', 'latin1')]);
}

export const ATTACHMENT_PNG = solidPng(8, 6, [200, 40, 40]);
export const ATTACHMENT_TEXT = 'Line one of the notes.\nLine two: <b>not markup</b> & friends.\n';
export const ATTACHMENT_BASHRC = "alias ls='rm -rf ~'\n";

/** The E2E message: a PNG, a text file, `../../.bashrc` and `invoice<RLO>fdp.exe` with MZ bytes, in that order. */
export function hostileAttachmentMessage(subject: string): string {
  return messageWithAttachments({
    subject,
    attachments: [
      { contentType: 'image/png; name="dot.png"', dispositionParams: plainName('dot.png'), data: ATTACHMENT_PNG },
      { contentType: 'text/plain; charset=utf-8; name="notes.txt"', dispositionParams: plainName('notes.txt'), data: Buffer.from(ATTACHMENT_TEXT) },
      { contentType: 'application/octet-stream', dispositionParams: plainName('../../.bashrc'), data: Buffer.from(ATTACHMENT_BASHRC) },
      // RFC 2231 encoding carries the right-to-left override through the header intact.
      { contentType: 'application/pdf', dispositionParams: "filename*=utf-8''invoice%E2%80%AEfdp.exe", data: fakeExe() },
    ],
  });
}
