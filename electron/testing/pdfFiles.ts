/**
 * Small, valid PDFs for the attachment tests, written object by object with a correct cross-reference table:
 * one page of text and, optionally, an OpenAction with JavaScript (which a viewer that runs scripts would run
 * on opening — pdf.js in Tern must not).
 */
export function simplePdf(text: string, options: { openActionScript?: string } = {}): Buffer {
  const escaped = text.replace(/[\\()]/g, '\\$&');
  const content = `BT /F1 36 Tf 60 700 Td (${escaped}) Tj ET`;
  const objects = [
    `<< /Type /Catalog /Pages 2 0 R${options.openActionScript ? ' /OpenAction 6 0 R' : ''} >>`,
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    ...(options.openActionScript ? [`<< /Type /Action /S /JavaScript /JS (${options.openActionScript.replace(/[\\()]/g, '\\$&')}) >>`] : []),
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
