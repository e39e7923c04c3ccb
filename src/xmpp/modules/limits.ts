import type { Transport } from '../transport.js';

/**
 * Stanzas per second one connection may send: a token bucket holding up to twice the rate, refilled
 * continuously. A stanza that finds the bucket empty ends the stream (policy-violation).
 */
export class TokenBucket {
  private tokens: number;
  private lastRefill: number;

  constructor(
    private readonly rate: number,
    now: number,
  ) {
    this.tokens = rate * 2;
    this.lastRefill = now;
  }

  take(now: number): boolean {
    this.tokens = Math.min(this.rate * 2, this.tokens + ((now - this.lastRefill) * this.rate) / 1000);
    this.lastRefill = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** Whether the peer stopped reading: more output waits beneath the session than it may queue. */
export function outputCapExceeded(transport: Transport, maxQueuedBytes: number): boolean {
  return transport.queuedBytes > maxQueuedBytes;
}
