import { errors } from '../../errors/catalogue.js';

/**
 * Bounds the password hashes computed at once. One scrypt hash at OWASP's parameters takes 128 MiB
 * and a few hundred ms of a libuv thread: unbounded, a burst of logins from many addresses would
 * take all of libuv's four threads (file I/O waits behind them) and half a GiB of memory. Callers
 * beyond `concurrency` wait in line; beyond `maxWaiting` they are refused at once with 503
 * `overloaded` + Retry-After rather than queued without bound.
 */
export class HashingGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly maxWaiting: number,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.maxWaiting) throw errors.busy('Too many logins are being checked at once.', 1);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next in line, so `running` never dips below the queue's demand.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
