/**
 * The plain-text part of a rich-text message (and the text kept with a rich draft): the same words in the same
 * order, with the structure written the way plain-text mail writes it — a blank line between paragraphs,
 * "- " and "1. " for list items (indented when nested), "> " before quoted lines, and a link's address after
 * its text when the text does not already show it, and "[image]" where an image stood. Parsed with DOMParser into an inert document.
 */
const BLOCK = new Set(['P', 'DIV', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'PRE', 'UL', 'OL', 'BLOCKQUOTE', 'HR', 'LI']);

function inline(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE) return (node.textContent ?? '').replace(/\s+/g, ' ');
  if (!(node instanceof Element)) return '';
  if (node.tagName === 'BR') return '\n';
  // Where an image stood in the text, as Gmail writes it in the plain-text part.
  if (node.tagName === 'IMG') {
    const alt = (node.getAttribute('alt') ?? '').trim().replace(/\s+/g, ' ');
    return alt ? `[image: ${alt}]` : '[image]';
  }
  const text = [...node.childNodes].map(inline).join('');
  if (node.tagName === 'A') {
    const href = node.getAttribute('href') ?? '';
    const target = href.replace(/^mailto:/i, '');
    const shown = text.trim();
    if (href && shown !== target && shown !== href) return `${text} <${target}>`;
  }
  return text;
}

/** Lines of one block element and everything in it, without trailing blank lines. */
function blockLines(element: Element, depth: number): string[] {
  const lines: string[] = [];
  const blocks: string[][] = [];
  let run = '';
  const flushRun = () => {
    const text = run.replace(/^ +| +$/gm, '');
    if (text.trim()) blocks.push(text.split('\n'));
    run = '';
  };
  for (const child of element.childNodes) {
    if (child instanceof Element && BLOCK.has(child.tagName)) {
      flushRun();
      blocks.push(blockLines(child, child.tagName === 'UL' || child.tagName === 'OL' ? depth + 1 : depth));
    } else {
      run += inline(child);
    }
  }
  flushRun();
  switch (element.tagName) {
    case 'UL':
    case 'OL': {
      let number = Number(element.getAttribute('start') ?? '1') || 1;
      const indent = '  '.repeat(Math.max(0, depth - 1));
      for (const item of element.children) {
        if (item.tagName !== 'LI') continue;
        const marker = element.tagName === 'OL' ? `${number++}. ` : '- ';
        const [first = '', ...rest] = blockLines(item, depth);
        lines.push(indent + marker + first, ...rest.map((line) => (line.startsWith('  ') || /^\s*(- |\d+\. )/.test(line) ? line : indent + ' '.repeat(marker.length) + line)));
      }
      return lines;
    }
    case 'LI':
      // The items of one list item are lines, not paragraphs.
      return blocks.flat().filter((line) => line !== '');
    case 'BLOCKQUOTE':
      return joinBlocks(blocks).map((line) => (line ? `> ${line}` : '>'));
    case 'HR':
      return ['---'];
    default:
      return joinBlocks(blocks);
  }
}

function joinBlocks(blocks: string[][]): string[] {
  const out: string[] = [];
  for (const block of blocks) {
    if (block.length === 0) continue;
    if (out.length > 0) out.push('');
    out.push(...block);
  }
  return out;
}

export function richTextToPlain(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  return blockLines(doc.body, 0).join('\n').replace(/\u00a0/g, ' ').replace(/\n{3,}/g, '\n\n').trim() + '\n';
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Plain text as editor paragraphs: a blank line ends a paragraph, a single line break stays one, "> " lines become a quote. */
export function plainToRichText(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let paragraph: string[] = [];
  let quote: string[] = [];
  const flushParagraph = () => {
    if (paragraph.length > 0) out.push(`<p>${paragraph.map(escape).join('<br>')}</p>`);
    paragraph = [];
  };
  const flushQuote = () => {
    if (quote.length > 0) out.push(`<blockquote>${plainToRichText(quote.join('\n'))}</blockquote>`);
    quote = [];
  };
  for (const line of lines) {
    if (/^>/.test(line)) {
      flushParagraph();
      quote.push(line.replace(/^> ?/, ''));
      continue;
    }
    flushQuote();
    if (line.trim() === '') flushParagraph();
    else paragraph.push(line);
  }
  flushParagraph();
  flushQuote();
  return out.join('') || '<p></p>';
}
