import { describe, expect, it } from 'vitest';
import { openTargetOf, pageOf } from './route';

describe('pageOf', () => {
  it('maps paths to pages, trailing slash or not, and anything else to the analyst page', () => {
    expect(pageOf('/')).toBe('analyst');
    expect(pageOf('/billing')).toBe('billing');
    expect(pageOf('/admin/')).toBe('admin');
    expect(pageOf('/mentor')).toBe('mentor');
    expect(pageOf('/nowhere')).toBe('analyst');
  });
});

describe('openTargetOf', () => {
  it('reads the session and where to land from /open/{session}?next=', () => {
    expect(openTargetOf('/open/abcdefghijklmnop', '')).toEqual({ sessionId: 'abcdefghijklmnop' });
    expect(openTargetOf('/open/abcdefghijklmnop/', '?next=%2Fs%2Fabcdefghijklmnop%2Ftree'))
      .toEqual({ sessionId: 'abcdefghijklmnop', next: '/s/abcdefghijklmnop/tree' });
  });

  it('is null for other paths and for anything that is not a session id', () => {
    expect(openTargetOf('/', '')).toBeNull();
    expect(openTargetOf('/open/', '')).toBeNull();
    expect(openTargetOf('/open/ABCDEFGHIJKLMNOP', '')).toBeNull();
    expect(openTargetOf('/open/abc', '')).toBeNull();
    expect(openTargetOf('/open/abcdefghijklmnop/x', '')).toBeNull();
  });
});
