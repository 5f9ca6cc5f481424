import { ApiError } from './ApiError';
import { nextLink } from './nextLink';
import { withNetworkRetry } from './networkRetry';

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface RequestOptions {
  body?: unknown;
  accept?: string;
  headers?: Record<string, string>;
}

/**
 * The portal's HTTP client: same-origin requests carrying the sign-in cookie, and on every unsafe request the
 * anti-forgery token (X-CSRF-TOKEN) fetched once after sign-in. A token refused as stale is fetched again once.
 */
export class ApiClient {
  private antiforgery: { headerName: string; token: string } | null = null;

  constructor(private readonly onUnauthenticated: () => void) {}

  /** Forgets the anti-forgery token (it belongs to who signed in). */
  reset(): void {
    this.antiforgery = null;
  }

  get<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.json<T>('GET', path, options);
  }

  /** One page of a list, and the path of the next one (from the `Link: rel="next"` header), null on the last page. */
  async getPage<T>(path: string): Promise<{ items: T[]; next: string | null }> {
    const response = await this.send('GET', path, { accept: 'application/json' });
    return { items: (await response.json()) as T[], next: nextLink(response.headers.get('Link')) };
  }

  /** Every item of a list, following its pages (at most `maxPages`, so a runaway list cannot hang the page). */
  async getAll<T>(path: string, maxPages = 100): Promise<T[]> {
    const items: T[] = [];
    let next: string | null = path;
    for (let page = 0; next && page < maxPages; page++) {
      const result: { items: T[]; next: string | null } = await this.getPage<T>(next);
      items.push(...result.items);
      next = result.next;
    }
    return items;
  }

  post<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return this.json<T>('POST', path, { ...options, body });
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.json<T>('PATCH', path, { body });
  }

  delete(path: string): Promise<void> {
    return this.json<void>('DELETE', path, {});
  }

  /** The raw response of a successful request (for files such as CSV). */
  async send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    let response = await this.attempt(method, path, options);
    if (response.status === 400 && unsafeMethods.has(method) && (await reasonOf(response.clone())) === 'auth.antiforgery') {
      this.antiforgery = null;
      response = await this.attempt(method, path, options);
    }

    if (response.status === 401 && !path.startsWith('/api/v1/auth/')) {
      this.onUnauthenticated();
    }

    if (!response.ok) {
      throw await errorOf(response);
    }

    return response;
  }

  private async json<T>(method: string, path: string, options: RequestOptions): Promise<T> {
    const response = await this.send(method, path, { accept: 'application/json', ...options });
    if (response.status === 204 || response.headers.get('content-length') === '0') {
      return undefined as T;
    }

    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  private async attempt(method: string, path: string, options: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.accept) headers.Accept = options.accept;
    let body: BodyInit | undefined;
    if (options.body instanceof FormData) {
      body = options.body;
    } else if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }

    if (unsafeMethods.has(method) && !path.startsWith('/api/v1/auth/signin')) {
      const { headerName, token } = await this.token();
      headers[headerName] = token;
    }

    try {
      return await withNetworkRetry(method, () => fetch(path, { method, headers, body, credentials: 'same-origin' }));
    } catch {
      throw new ApiError(0, 'network', 'network');
    }
  }

  private async token(): Promise<{ headerName: string; token: string }> {
    if (!this.antiforgery) {
      const response = await fetch('/api/v1/auth/antiforgery', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      if (!response.ok) throw await errorOf(response);
      this.antiforgery = (await response.json()) as { headerName: string; token: string };
    }

    return this.antiforgery;
  }
}

async function reasonOf(response: Response): Promise<string | undefined> {
  try {
    return ((await response.json()) as { reason?: string }).reason;
  } catch {
    return undefined;
  }
}

async function errorOf(response: Response): Promise<ApiError> {
  const text = await response.text();
  try {
    const problem = JSON.parse(text) as { reason?: string; detail?: string; title?: string };
    return new ApiError(response.status, problem.reason, problem.detail ?? problem.title ?? String(response.status));
  } catch {
    return new ApiError(response.status, undefined, text || String(response.status));
  }
}
