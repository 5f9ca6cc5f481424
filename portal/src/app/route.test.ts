import { describe, expect, it } from 'vitest';
import { pageOf } from './route';

describe('pageOf', () => {
  it('maps paths to pages, trailing slash or not, and anything else to the analyst page', () => {
    expect(pageOf('/')).toBe('analyst');
    expect(pageOf('/billing')).toBe('billing');
    expect(pageOf('/admin/')).toBe('admin');
    expect(pageOf('/mentor')).toBe('mentor');
    expect(pageOf('/nowhere')).toBe('analyst');
  });
});
