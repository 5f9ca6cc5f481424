import { describe, expect, it } from 'vitest';
import type { Usage } from '../api/types';
import { usageByMember } from './usageByMember';

const usage = (member: string, hours: number): Usage => ({
  session: `s-${member}-${hours}`, member, profile: 'python', size: 'small', cpu: 1, memoryGiB: 2, gpu: 0,
  start: '2026-11-03T09:00:00+09:00', end: null, hours,
});

describe('usageByMember', () => {
  it('adds hours and sessions per member, most hours first, ties by id', () => {
    expect(usageByMember([usage('b', 1), usage('a', 2), usage('b', 1.5), usage('c', 2)])).toEqual([
      { member: 'b', hours: 2.5, sessions: 2 },
      { member: 'a', hours: 2, sessions: 1 },
      { member: 'c', hours: 2, sessions: 1 },
    ]);
  });

  it('is empty for no usage', () => {
    expect(usageByMember([])).toEqual([]);
  });
});
