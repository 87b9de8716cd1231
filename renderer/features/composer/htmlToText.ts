/**
 * The text of an HTML-only message, for quoting it in a reply. Parsed by DOMParser into an inert document:
 * no script runs, nothing loads (the document has no browsing context), and the HTML never enters the page.
 */
const BLOCKS = 'address,article,aside,blockquote,dd,div,dl,dt,fieldset,figcaption,figure,footer,form,h1,h2,h3,h4,h5,h6,header,hr,li,main,nav,ol,p,pre,section,table,tr,ul';

export function htmlToText(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  doc.querySelectorAll('script,style,head,template,noscript').forEach((node) => node.remove());
  doc.querySelectorAll('br').forEach((node) => node.replaceWith('\n'));
  doc.querySelectorAll('td,th').forEach((node) => node.append('\t'));
  doc.querySelectorAll(BLOCKS).forEach((node) => {
    node.before('\n');
    node.append('\n');
  });
  const text = doc.body?.textContent ?? '';
  return text
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
