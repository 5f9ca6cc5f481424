// Shapes of the orchestrator's JSON (see /openapi/v1.json and docs/contracts): only the fields the portal reads.

export type SessionState = 'pending' | 'provisioning' | 'running' | 'stopping' | 'stopped' | 'failed';

export interface Session {
  id: string;
  owner: string;
  profile: string;
  size: string;
  state: SessionState;
  reason: string | null;
  progress: number;
  message: string;
  notebookUrl: string | null;
  createdAt: string;
  readyAt: string | null;
  endedAt: string | null;
  datasets: { name: string; version: string }[];
}

export interface Profile { id: string; displayName: string; image: string }

export interface Size { id: string; cpu: number; memoryGiB: number; gpu: number; krwPerHour: number; allowed?: boolean }

export interface Quota {
  tier: string;
  month: string;
  limits: { maxConcurrentSessions: number; allowedSizes: string[] | null; allowedProfiles: string[] | null; monthlyBudgetKrw: number };
  used: { activeSessions: number; reservedKrw: number };
  monthToDateKrw: number;
  remainingBudgetKrw: number;
  sizes: Size[];
}

export type DatasetStatus = 'building' | 'published' | 'failed';

export interface DatasetVersion {
  name: string;
  version: string;
  status: DatasetStatus;
  reason: string | null;
  fileCount: number;
  totalBytes: number;
  createdAt: string;
  publishedAt: string | null;
  withdrawnAt: string | null;
}

export interface Dataset {
  name: string;
  title: string;
  titleKo: string | null;
  titleEn: string;
  descriptionKo: string | null;
  descriptionEn: string | null;
  latestVersion: string | null;
  entitled: boolean;
  versions: DatasetVersion[];
}

export interface Usage {
  session: string;
  member: string;
  profile: string;
  size: string;
  cpu: number;
  memoryGiB: number;
  gpu: number;
  start: string;
  end: string | null;
  hours: number;
}

export interface InvoiceLine {
  resource: string;
  tier: string;
  rateEffectiveFrom: string;
  krwPerHour: number;
  quantity: string;
  amountKrw: number;
}

export interface Invoice { member: string; lines: InvoiceLine[]; subtotalKrw: number; creditKrw: number; totalKrw: number }

export interface InvoiceRun { month: string; invoices: Invoice[] }

/** A member as billing staff see them (GET /api/v1/billing/members). */
export interface BillingMember { id: string; displayName: string; email: string }

export interface RateCard {
  tier: string;
  effectiveFrom: string;
  krwPerHour: { cpu: number; memoryGiB: number; gpu: number };
  createdBy: string | null;
  createdAt: string | null;
}

export interface Member {
  id: string;
  email: string;
  displayName: string;
  tier: string;
  roles: string[];
  monthlyBudgetKrw: number | null;
  createdAt: string;
  /** When an admin disabled the account; null while enabled. */
  disabledAt?: string | null;
  /** When an admin removed the member (e-mail empty, the name a pseudonym); null while a member. */
  removedAt?: string | null;
  /** When a removed member's home was deleted. */
  homeRemovedAt?: string | null;
}

/** GET /api/v1/members/homes: the space one member's home takes (usedBytes null where the runtime cannot tell). */
export interface MemberHome { member: string; displayName: string; email: string; usedBytes: number | null; capacityBytes: number | null; removedAt: string | null }

export interface AuditEvent { id: number; at: string; actor: string | null; kind: string; subject: string | null; detail: unknown }

export interface Share { session: string; member: string; createdAt: string; expiresAt: string }

/** GET /api/v1/me: the caller and the roles their credentials carry (besides analyst, which every account is). */
export interface Me { id: string; email: string; displayName: string; tier: string; roles: string[]; monthlyBudgetKrw: number | null }

/** GET /api/v1/mentors: whom an analyst may invite. */
export interface Mentor { id: string; displayName: string }

/** GET /api/v1/me/shares: a session shared with the caller, whose, until when. */
export interface ShareToMe { session: string; owner: string; ownerName: string; createdAt: string; expiresAt: string }

/** What the hub pushes to members about themselves (budget warnings, culling ahead). */
export interface MemberNotice { kind: string; message: string; sessionId: string | null; at: string | null }

/** What the hub pushes to admins while a dataset version builds. */
export interface DatasetUpdate { name: string; version: string; status: DatasetStatus; reason?: string | null }
