import type { ConnectionAdmission } from './ports/connection-admission.js';

/** The connections open from each address on this server, capped at `limit` per address. */
export class AddressConnections implements ConnectionAdmission {
  private readonly counts = new Map<string, number>();

  constructor(private readonly limit: number) {}

  admit(address: string): boolean {
    const count = this.counts.get(address) ?? 0;
    if (count >= this.limit) return false;
    this.counts.set(address, count + 1);
    return true;
  }

  release(address: string): void {
    const count = (this.counts.get(address) ?? 1) - 1;
    if (count <= 0) this.counts.delete(address);
    else this.counts.set(address, count);
  }

  /** How many connections are open from the address here. */
  count(address: string): number {
    return this.counts.get(address) ?? 0;
  }

  /** Every address with at least `min` connections open here, with its count. */
  atLeast(min: number): [string, number][] {
    return [...this.counts].filter(([, count]) => count >= min);
  }
}
