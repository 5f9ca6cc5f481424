import { createContext, useContext, useEffect, useRef, useState } from 'react';
import { LiveHub, type HubMessage, type LiveStatus } from './LiveHub';

export const LiveContext = createContext<LiveHub | null>(null);

/** Whether the hub is connected, and a number that changes on each (re)connection. */
export function useLiveStatus(): LiveStatus {
  const hub = useContext(LiveContext);
  const [status, setStatus] = useState<LiveStatus>(hub?.status ?? { connected: false, generation: 0 });
  useEffect(() => (hub ? hub.onStatus(setStatus) : undefined), [hub]);
  return status;
}

/** Calls the latest <handler> for every <name> message the hub pushes. */
export function useHubMessage<T>(name: HubMessage, handler: (payload: T) => void): void {
  const hub = useContext(LiveContext);
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => (hub ? hub.on(name, payload => latest.current(payload as T)) : undefined), [hub, name]);
}
