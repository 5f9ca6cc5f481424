import { describe, expect, it } from 'vitest';
import { nextLink } from './nextLink';

describe('nextLink', () => {
  it('finds the next page among the relations', () => {
    expect(nextLink('</api/v1/audit?limit=2&cursor=WzEwXQ>; rel="next"')).toBe('/api/v1/audit?limit=2&cursor=WzEwXQ');
    expect(nextLink('</a?p=1>; rel="prev", </a?p=3>; rel="next"')).toBe('/a?p=3');
    expect(nextLink('</a?x=1,2>; rel=next')).toBe('/a?x=1,2');
  });

  it('says there is none on the last page or for anything else', () => {
    expect(nextLink(null)).toBeNull();
    expect(nextLink('')).toBeNull();
    expect(nextLink('</a?p=1>; rel="prev"')).toBeNull();
    expect(nextLink('not a link')).toBeNull();
  });
});
