export type Page = 'analyst' | 'mentor' | 'billing' | 'admin';

export const pagePaths: Record<Page, string> = { analyst: '/', mentor: '/mentor', billing: '/billing', admin: '/admin' };

/** A request to open a session's notebook: the portal's <code>/open/{session}</code>, where notebook origins send people. */
export interface OpenTarget {
  sessionId: string;
  next?: string;
}

/**
 * The notebook to open for <code>/open/{session}?next=…</code>, or null for any other path. <code>next</code> is passed
 * on as given: the server lands there only when it is inside that session's notebook.
 */
export function openTargetOf(path: string, search: string): OpenTarget | null {
  const match = /^\/open\/([a-z2-7]{16})\/?$/.exec(path);
  if (!match) return null;
  const next = new URLSearchParams(search).get('next');
  return next ? { sessionId: match[1], next } : { sessionId: match[1] };
}

/** The page a path shows; unknown paths show the analyst's page (everyone is an analyst). */
export function pageOf(path: string): Page {
  const trimmed = path.replace(/\/+$/, '') || '/';
  return (Object.keys(pagePaths) as Page[]).find(page => pagePaths[page] === trimmed) ?? 'analyst';
}
