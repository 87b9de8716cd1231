import { describe, expect, it } from 'vitest';
import { ATTACHMENT_BASHRC, ATTACHMENT_PNG, ATTACHMENT_TEXT, fakeExe, hostileAttachmentMessage, messageWithAttachments } from '../testing/attachmentMessages';
import { extractAttachment, MAX_ATTACHMENT_BYTES } from './extractAttachment';
import { parseMessage } from './parseMessage';

const source = (rfc822: string) => Buffer.from(rfc822, 'utf8');

describe('extractAttachment', () => {
  it('returns each attachment by its place in the reader’s list, byte-exact, with a safe name', async () => {
    const raw = source(hostileAttachmentMessage('Files'));
    const body = await parseMessage(1, raw);
    expect(body.attachments.map((a) => a.filename)).toEqual(['dot.png', 'notes.txt', '../../.bashrc', 'invoice\u202Efdp.exe']);
    const got = await Promise.all([0, 1, 2, 3].map((index) => extractAttachment(raw, index)));
    expect(got.map((a) => a.filename)).toEqual(['dot.png', 'notes.txt', '.bashrc', 'invoicefdp.exe']);
    expect(got.map((a) => a.mimeType)).toEqual(['image/png', 'text/plain', 'application/octet-stream', 'application/pdf']);
    const contents = got.map((a) => Buffer.from(a.contentBase64, 'base64'));
    expect(contents[0]!.equals(ATTACHMENT_PNG)).toBe(true);
    expect(contents[1]!.toString('utf8')).toBe(ATTACHMENT_TEXT);
    expect(contents[2]!.toString('utf8')).toBe(ATTACHMENT_BASHRC);
    expect(contents[3]!.equals(fakeExe())).toBe(true);
    expect(got.map((a) => a.size)).toEqual(contents.map((c) => c.byteLength));
  });

  it('keeps the base name of RFC 2047 and RFC 2231-encoded traversal, once decoded', async () => {
    const data = Buffer.from('x');
    const raw = source(
      messageWithAttachments({
        subject: 'Encoded',
        attachments: [
          { contentType: 'application/octet-stream', dispositionParams: 'filename="=?UTF-8?B?Li4vLi4vLmJhc2hyYw==?="', data },
          { contentType: 'application/octet-stream', dispositionParams: "filename*=utf-8''..%2F..%2F.ssh%2Fauthorized_keys", data },
          { contentType: 'application/octet-stream', dispositionParams: "filename*0*=utf-8''..%5C..%5C;filename*1=evil.bat", data },
          { contentType: 'application/octet-stream', dispositionParams: "filename*=utf-8''evil.exe%00.pdf", data },
          { contentType: 'application/octet-stream', dispositionParams: 'filename="=?UTF-8?Q?..=2F..=2Fx=E2=80=AEtxt.sh?="', data },
        ],
      }),
    );
    const names = await Promise.all([0, 1, 2, 3, 4].map(async (index) => (await extractAttachment(raw, index)).filename));
    expect(names).toEqual(['.bashrc', 'authorized_keys', 'evil.bat', 'evil.exe.pdf', 'xtxt.sh']);
  });

  it('says which attachment is missing or too large', async () => {
    const raw = source(hostileAttachmentMessage('Files'));
    await expect(extractAttachment(raw, 4)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const big = source(messageWithAttachments({ subject: 'Big', attachments: [{ contentType: 'application/zip', dispositionParams: 'filename="big.zip"', data: Buffer.alloc(MAX_ATTACHMENT_BYTES + 1, 7) }] }));
    await expect(extractAttachment(big, 0)).rejects.toMatchObject({ code: 'MESSAGE_TOO_LARGE', message: expect.stringMatching(/25 MB/) });
  });
});
