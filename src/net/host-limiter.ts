/**
 * Counting semaphore per host, so a run over many feeds never hammers one
 * server with more than `limit` parallel requests. Waiters are served FIFO.
 */
export class HostLimiter {
  private readonly active = new Map<string, number>();
  private readonly queues = new Map<string, (() => void)[]>();

  constructor(private readonly limit: number) {}

  async run<T>(host: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(host, signal);
    try {
      return await task();
    } finally {
      this.release(host);
    }
  }

  /** For tests and diagnostics. */
  inFlight(host: string): number {
    return this.active.get(host) ?? 0;
  }

  private acquire(host: string, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const count = this.active.get(host) ?? 0;
    if (count < this.limit) {
      this.active.set(host, count + 1);
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const queue = this.queues.get(host) ?? [];
      this.queues.set(host, queue);
      const onAbort = (): void => {
        const i = queue.indexOf(grant);
        if (i >= 0) queue.splice(i, 1);
        if (queue.length === 0) this.queues.delete(host);
        reject(signal?.reason);
      };
      // The slot is handed over by release(); the active count is not touched here.
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      queue.push(grant);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private release(host: string): void {
    const queue = this.queues.get(host);
    const next = queue?.shift();
    if (queue && queue.length === 0) this.queues.delete(host);
    if (next) {
      next();
      return;
    }
    const count = (this.active.get(host) ?? 1) - 1;
    // Drop idle hosts so a long run over thousands of hosts does not grow the map.
    if (count <= 0) this.active.delete(host);
    else this.active.set(host, count);
  }
}
