import { describe, expect, it } from 'vitest';
import { mentorName } from './mentorNames';

describe('mentor names', () => {
  const mentors = [{ id: 'm-2', displayName: 'Park Jiho' }, { id: 'm-3', displayName: '' }];

  it('shows the display name of a listed mentor', () => {
    expect(mentorName(mentors, 'm-2')).toBe('Park Jiho');
  });

  it('falls back to the id when the mentor is not listed, has no name, or the list is not loaded', () => {
    expect(mentorName(mentors, 'm-9')).toBe('m-9');
    expect(mentorName(mentors, 'm-3')).toBe('m-3');
    expect(mentorName(undefined, 'm-2')).toBe('m-2');
  });
});
