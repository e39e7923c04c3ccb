/**
 * Whether one more connection from an address may open: the connections from one address are capped, by
 * one server alone (in memory) or by every node of a cluster together. The XMPP server asks on every new
 * connection, so `admit` answers at once; in a cluster the other nodes learn of it a moment later.
 */
export interface ConnectionAdmission {
  /** Counts a connection from the address and answers true, or answers false (the cap is reached) and counts nothing. */
  admit(address: string): boolean;
  /** A connection that was admitted from the address has ended. */
  release(address: string): void;
}
