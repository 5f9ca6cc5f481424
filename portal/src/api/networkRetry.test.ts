import { describe, expect, it } from 'vitest';
import { networkRetryDelayMs, withNetworkRetry } from './networkRetry';

const noPause = async () => {};

function flaky(failures: number) {
  let calls = 0;
  const request = async () => {
    calls++;
    if (calls <= failures) throw new TypeError('Failed to fetch');
    return new Response('ok');
  };
  return { request, calls: () => calls };
}

describe('withNetworkRetry', () => {
  it('asks a GET once more after a network failure, after a pause', async () => {
    const server = flaky(1);
    const pauses: number[] = [];
    const response = await withNetworkRetry('GET', server.request, async ms => { pauses.push(ms); });
    expect(await response.text()).toBe('ok');
    expect(server.calls()).toBe(2);
    expect(pauses).toEqual([networkRetryDelayMs]);
  });

  it('gives up after the second failure', async () => {
    const server = flaky(2);
    await expect(withNetworkRetry('GET', server.request, noPause)).rejects.toThrow('Failed to fetch');
    expect(server.calls()).toBe(2);
  });

  it('never sends a request that changes something twice', async () => {
    for (const method of ['POST', 'PATCH', 'DELETE', 'PUT']) {
      const server = flaky(1);
      await expect(withNetworkRetry(method, server.request, noPause)).rejects.toThrow('Failed to fetch');
      expect(server.calls()).toBe(1);
    }
  });

  it('asks once when the first answer comes', async () => {
    const server = flaky(0);
    await withNetworkRetry('GET', server.request, noPause);
    expect(server.calls()).toBe(1);
  });
});
