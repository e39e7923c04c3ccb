import { DomainError } from './errors.js';

/** Where hosted third-party gadget files are served (gadget reference §1.5), with its trailing slash. */
export const HOSTED_GADGETS_PATH = '/3rdpartygadget/files/';

/** The largest file the admin file API accepts, in bytes. */
export const GADGET_FILE_MAX_BYTES = 5 * 1024 * 1024;

/** A file or folder name: no control character, slash or back slash; spaces only inside. */
const SEGMENT = /^[^\p{Cc}/\\]{1,255}$/u;
const MAX_DEPTH = 16;

/**
 * The segments of a hosted file's path (`folder/x.xml`, already percent-decoded once by the caller), or
 * undefined when it may not name a file: empty, too deep, an empty, `.`, `..` or dot-file segment, a
 * back slash, a control character, white space around a name, or a percent sign (an encoded slash or dot decoded twice elsewhere).
 */
export function gadgetFileSegments(path: string): string[] | undefined {
  if (path === '' || path.length > 1024 || path.includes('%')) return undefined;
  const segments = path.split('/');
  if (segments.length > MAX_DEPTH) return undefined;
  for (const segment of segments) {
    if (!SEGMENT.test(segment) || segment.startsWith('.') || segment !== segment.trim()) return undefined;
  }
  return segments;
}

/** As `gadgetFileSegments`, refusing a path that names no file with 400 Bad Request (ErrorData the path). */
export function requireGadgetFileSegments(path: string): string[] {
  const segments = gadgetFileSegments(path);
  if (!segments) throw new DomainError('BadRequest', 'Not a valid gadget file path (no "..", dot-files, empty segments or encoded characters)', path);
  return segments;
}
