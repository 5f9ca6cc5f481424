import { useEffect, useRef } from 'react';

/** Calls <tick> every <intervalMs> while <enabled>; used only while the hub is not connected and something changes. */
export function usePolling(tick: () => void, intervalMs: number, enabled: boolean): void {
  const latest = useRef(tick);
  latest.current = tick;
  useEffect(() => {
    if (!enabled) return undefined;
    const timer = setInterval(() => latest.current(), intervalMs);
    return () => clearInterval(timer);
  }, [enabled, intervalMs]);
}
