const idempotent = new Set(['GET', 'HEAD']);

/** How long to wait before asking again after a network failure. */
export const networkRetryDelayMs = 300;

/**
 * Runs `request`; if it fails at the network (the connection refused or reset, which a busy server or a proxy closing a
 * kept-alive connection causes now and then) and the method is idempotent, asks once more after a short pause before
 * giving up. Requests that change something are never sent twice.
 */
export async function withNetworkRetry(
  method: string,
  request: () => Promise<Response>,
  pause: (ms: number) => Promise<void> = ms => new Promise(resolve => setTimeout(resolve, ms)),
): Promise<Response> {
  try {
    return await request();
  } catch (error) {
    if (!idempotent.has(method.toUpperCase())) throw error;
    await pause(networkRetryDelayMs);
    return request();
  }
}
