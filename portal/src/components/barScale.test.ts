import { describe, expect, it } from 'vitest';
import { barLength } from './barScale';

describe('barLength', () => {
  it('draws zero, negative and missing values as no bar', () => {
    expect(barLength(0, 10, 300)).toBe(0);
    expect(barLength(-1, 10, 300)).toBe(0);
    expect(barLength(Number.NaN, 10, 300)).toBe(0);
    expect(barLength(0, 0, 300)).toBe(0);
  });

  it('scales to the largest value', () => {
    expect(barLength(10, 10, 300)).toBe(300);
    expect(barLength(5, 10, 300)).toBe(150);
  });

  it('keeps a tiny value tiny when the scale has a floor', () => {
    expect(barLength(0.01, 0.01, 300, 1)).toBeCloseTo(3);
    expect(barLength(2, 2, 300, 1)).toBe(300);
  });
});
