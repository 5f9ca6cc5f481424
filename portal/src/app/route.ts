export type Page = 'analyst' | 'mentor' | 'billing' | 'admin';

export const pagePaths: Record<Page, string> = { analyst: '/', mentor: '/mentor', billing: '/billing', admin: '/admin' };

/** The page a path shows; unknown paths show the analyst's page (everyone is an analyst). */
export function pageOf(path: string): Page {
  const trimmed = path.replace(/\/+$/, '') || '/';
  return (Object.keys(pagePaths) as Page[]).find(page => pagePaths[page] === trimmed) ?? 'analyst';
}
