import { ApiError } from '../api/ApiError';
import type { ApiClient } from '../api/client';
import type { Member } from '../api/types';

/**
 * Asks role-guarded routes what the signed-in member may do (there is no "who am I" route with roles): admins may
 * list members (and find their own roles there), billing staff may read the audit log's money events. A 403 means no.
 */
export async function findRoles(api: ApiClient, me: string): Promise<{ admin: boolean; billing: boolean; mentor: boolean }> {
  const members = await allowed(() => api.get<Member[]>('/api/v1/members'));
  if (members) {
    const roles = members.find(m => m.id === me)?.roles ?? [];
    return { admin: true, billing: true, mentor: roles.includes('mentor') };
  }

  const audit = await allowed(() => api.get<unknown[]>('/api/v1/audit?kind=portal.role-check'));
  return { admin: false, billing: audit !== undefined, mentor: false };
}

async function allowed<T>(request: () => Promise<T>): Promise<T | undefined> {
  try {
    return await request();
  } catch (e) {
    if (e instanceof ApiError && e.status === 403) return undefined;
    throw e;
  }
}
