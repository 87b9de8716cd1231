/**
 * Text as search compares it: lower case, accents and other combining marks removed, compatibility forms
 * unified (so "resume" finds "Résumé" and "ﬁle" finds "file"), and runs of white space made one space.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
