// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { estimateMessageBytes, newDraftId, type Draft } from './composeDraft';

const draft = (html: string, attachments: Draft['attachments'] = []): Draft => ({
  draftId: newDraftId(),
  serverDraft: null,
  accountId: 'a',
  to: '',
  cc: '',
  bcc: '',
  subject: '',
  body: '',
  format: 'rich',
  html,
  attachments,
  original: null,
  messageId: null,
  identityId: null,
  notice: null,
});

describe('the size a message will have on the wire', () => {
  it('counts an image of the text once, as the part it becomes, like the same image attached', () => {
    const base64 = 'A'.repeat(1_000_000);
    const inText = estimateMessageBytes(draft(`<p>Hi <img src="data:image/png;base64,${base64}" alt="x"></p>`));
    const attached = estimateMessageBytes(draft('<p>Hi <img alt="x"></p>', [{ filename: 'x.png', mimeType: 'image/png', contentBase64: base64 }]));
    expect(Math.abs(inText - attached)).toBeLessThan(200);
    // Not the HTML's length twice (once as HTML, once as its text part): that would be over 2.2 MB.
    expect(inText).toBeLessThan(1_100_000);
  });
});
