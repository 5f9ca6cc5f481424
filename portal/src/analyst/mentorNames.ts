import type { Mentor } from '../api/types';

/** The name to show for a mentor's member id: their display name when the mentor list has it, else the id. */
export function mentorName(mentors: readonly Mentor[] | undefined, id: string): string {
  return mentors?.find(m => m.id === id)?.displayName || id;
}
