import type { ClusterMember, ClusterMembers } from '../application/ports/cluster-members.js';

/** The members of a server that runs alone: itself, as it is now (its ports once bound). */
export class LocalMembers implements ClusterMembers {
  readonly clustered = false;

  constructor(private readonly me: () => ClusterMember) {}

  get self(): string {
    return this.me().nodeId;
  }

  list(): ClusterMember[] {
    return [this.me()];
  }

  seen(): ClusterMember[] {
    return this.list();
  }
}
