/**
 * Tracking pixels are remote images nobody is meant to see: 1×1 (or 0) in size, or hidden by style. They stay
 * blocked even when the user loads a message's remote content, since hiding them changes nothing visible.
 */
export interface ImageTraits {
  width: string | null;
  height: string | null;
  style: string | null;
  hidden: boolean;
}

function tiny(value: string | null | undefined): boolean | null {
  if (value === null || value === undefined) return null;
  const number = parseFloat(value);
  return Number.isFinite(number) ? number <= 1 : null;
}

function zero(value: string | null | undefined): boolean {
  if (value === null || value === undefined) return false;
  return parseFloat(value) === 0;
}

/** The last value a style attribute gives a property (later declarations win), ignoring !important. */
function styleValue(style: string, property: string): string | undefined {
  let found: string | undefined;
  for (const declaration of style.split(';')) {
    const colon = declaration.indexOf(':');
    if (colon < 0) continue;
    if (declaration.slice(0, colon).trim().toLowerCase() === property) found = declaration.slice(colon + 1).replace(/!\s*important/i, '').trim().toLowerCase();
  }
  return found;
}

export function looksLikeTrackingPixel(image: ImageTraits): boolean {
  if (image.hidden) return true;
  const style = image.style ?? '';
  if (styleValue(style, 'display') === 'none' || styleValue(style, 'visibility') === 'hidden' || zero(styleValue(style, 'opacity'))) return true;
  const width = tiny(styleValue(style, 'width')) ?? tiny(image.width);
  const height = tiny(styleValue(style, 'height')) ?? tiny(image.height);
  if (width === true && height === true) return true;
  const widths = [styleValue(style, 'width'), styleValue(style, 'max-width'), image.width];
  const heights = [styleValue(style, 'height'), styleValue(style, 'max-height'), image.height];
  return widths.some(zero) || heights.some(zero);
}
