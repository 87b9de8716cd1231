import { describe, expect, it } from 'vitest';
import { looksLikeTrackingPixel, type ImageTraits } from './looksLikeTrackingPixel';

const image = (traits: Partial<ImageTraits>): ImageTraits => ({ width: null, height: null, style: null, hidden: false, ...traits });

describe('looksLikeTrackingPixel', () => {
  it('spots 1×1 and zero-size images', () => {
    expect(looksLikeTrackingPixel(image({ width: '1', height: '1' }))).toBe(true);
    expect(looksLikeTrackingPixel(image({ width: '0', height: '20' }))).toBe(true);
    expect(looksLikeTrackingPixel(image({ style: 'width:1px;height:1px' }))).toBe(true);
    expect(looksLikeTrackingPixel(image({ style: 'width: 0; height: 0; border: 0' }))).toBe(true);
    expect(looksLikeTrackingPixel(image({ style: 'max-height:0px' }))).toBe(true);
  });

  it('spots hidden images', () => {
    expect(looksLikeTrackingPixel(image({ hidden: true }))).toBe(true);
    expect(looksLikeTrackingPixel(image({ style: 'display:none' }))).toBe(true);
    expect(looksLikeTrackingPixel(image({ style: 'visibility: hidden !important' }))).toBe(true);
    expect(looksLikeTrackingPixel(image({ style: 'opacity:0' }))).toBe(true);
  });

  it('leaves visible images alone', () => {
    expect(looksLikeTrackingPixel(image({}))).toBe(false);
    expect(looksLikeTrackingPixel(image({ width: '600', height: '1' }))).toBe(false);
    expect(looksLikeTrackingPixel(image({ width: '1', height: '1', style: 'width:100px;height:50px' }))).toBe(false);
    expect(looksLikeTrackingPixel(image({ style: 'display:block; opacity:0.5' }))).toBe(false);
  });
});
