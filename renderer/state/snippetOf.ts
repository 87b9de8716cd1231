/** The first words of a message for the list, from its plain text (or its HTML made text), quotes left out. */
import type { MessageBody } from '../../shared/contract/messages';
import { htmlToText } from '../features/composer/htmlToText';

const LENGTH = 140;

export function snippetOf(body: Pick<MessageBody, 'text' | 'html'>): string {
  const text = body.text ?? (body.html ? htmlToText(body.html.slice(0, 50_000)) : '');
  return text
    .split(/\r?\n/)
    .filter((line) => !line.startsWith('>'))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, LENGTH);
}
