// Placeholder for merge: the finesse-rest branch provides the real restservices (User, Dialog(s), …).
export function createRestServices(): Record<string, unknown> {
  return {};
}
