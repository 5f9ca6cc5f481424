import { HubConnectionBuilder, LogLevel, type HubConnection } from '@microsoft/signalr';

export type HubMessage = 'sessionUpdated' | 'memberNotice' | 'datasetUpdated';

export interface LiveStatus {
  connected: boolean;
  /**
   * Goes up on every (re)connection, once the hub says it is subscribed (its `subscribed` message, after the snapshot):
   * updates may have been missed meanwhile, so pages fetch again, and from then on nothing is missed.
   */
  generation: number;
}

const retryMs = 15_000;

/**
 * The connection to /hubs/sessions (the official SignalR client; the cookie signs it in). The hub only reports state;
 * pages fetch first and apply what it pushes. While it is not connected pages fall back to polling, and a hub that is
 * not there at all (an older server) is tried again now and then.
 */
export class LiveHub {
  private readonly connection: HubConnection;
  private readonly listeners = new Map<HubMessage, Set<(payload: unknown) => void>>();
  private readonly statusListeners = new Set<(status: LiveStatus) => void>();
  private current: LiveStatus = { connected: false, generation: 0 };
  private retry: ReturnType<typeof setTimeout> | undefined;
  private stopped = true;

  constructor(url = '/hubs/sessions') {
    this.connection = new HubConnectionBuilder().withUrl(url).withAutomaticReconnect().configureLogging(LogLevel.None).build();
    for (const name of ['sessionUpdated', 'memberNotice', 'datasetUpdated'] as const) {
      this.connection.on(name, (payload: unknown) => this.listeners.get(name)?.forEach(listener => listener(payload)));
    }

    // Connected counts from the hub's word that this connection hears every change, not from the handshake, which the
    // server answers before it has registered the connection.
    this.connection.on('subscribed', () => this.publish(true));
    this.connection.onreconnecting(() => this.publish(false));
    this.connection.onclose(() => {
      this.publish(false);
      this.later();
    });
  }

  get status(): LiveStatus {
    return this.current;
  }

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    void this.connection.stop();
  }

  on(name: HubMessage, listener: (payload: unknown) => void): () => void {
    const set = this.listeners.get(name) ?? new Set();
    set.add(listener);
    this.listeners.set(name, set);
    return () => set.delete(listener);
  }

  onStatus(listener: (status: LiveStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  private async connect(): Promise<void> {
    try {
      await this.connection.start();
    } catch {
      this.later();
    }
  }

  private later(): void {
    if (this.stopped) return;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.connect(), retryMs);
  }

  private publish(connected: boolean): void {
    this.current = { connected, generation: this.current.generation + (connected ? 1 : 0) };
    this.statusListeners.forEach(listener => listener(this.current));
  }
}
