// Placeholder for merge: the finesse-rest branch provides the real restservices (User, Dialog(s), …).
export function createRestServices(): Record<string, unknown> {
  return {};
}

/** The real one makes User.getMediaList build the services part's MediaList. */
export function registerMediaList(_create: (user: { getId(): string }, options: Record<string, unknown>) => unknown): void {}
