import type { MasterLog, MasterRest, WindowOpener } from '../ports.js';
import { paramOf, type WorkflowActionEventData } from './evaluate.js';

// Running an action the desktop handles (handledBy FINESSE_DESKTOP, gadget reference §5): BROWSER_POP opens
// the expanded path in the named window; HTTP_REQUEST to location FINESSE goes to this server's
// /finesse/api with the user's credentials, to location OTHER through the makeRequest proxy (its
// allow-list decides). Actions handled by OTHER are only published, never run here.

const FINESSE_PREFIX = '/finesse/api/';

/** The path under /finesse/api of a FINESSE location: `/finesse/api/User/1` and `/User/1` alike; null when unsafe. */
export function finesseApiPath(path: string): string | null {
  const trimmed = path.trim();
  if (!trimmed.startsWith('/') || trimmed.startsWith('//')) return null;
  const rest = trimmed.startsWith(FINESSE_PREFIX) ? trimmed.slice(FINESSE_PREFIX.length - 1) : trimmed;
  const pathOnly = rest.split('?')[0]!;
  if (/(^|\/)\.\.?(\/|$)/.test(pathOnly) || /%2e|%2f|%5c|\\/i.test(pathOnly)) return null;
  return rest;
}

function methodOf(event: WorkflowActionEventData): 'PUT' | 'POST' {
  return paramOf(event, 'method', false).trim().toUpperCase() === 'PUT' ? 'PUT' : 'POST';
}

export interface WorkflowExecutorDeps {
  rest: MasterRest;
  openWindow: WindowOpener;
  log: MasterLog;
}

export async function executeAction(event: WorkflowActionEventData, deps: WorkflowExecutorDeps): Promise<void> {
  if (event.handledBy !== 'FINESSE') return;
  if (event.type === 'BROWSER_POP') {
    deps.openWindow(paramOf(event, 'path'), paramOf(event, 'windowName', false));
    return;
  }
  if (event.type !== 'HTTP_REQUEST') return deps.log(`workflow action ${event.name}: unknown type ${event.type}`);
  const method = methodOf(event);
  const contentType = paramOf(event, 'contentType').trim() || 'application/xml';
  const body = paramOf(event, 'body');
  const location = paramOf(event, 'location', false).trim().toUpperCase();
  if (location === 'FINESSE') {
    const path = finesseApiPath(paramOf(event, 'path'));
    if (path === null) return deps.log(`workflow action ${event.name}: ${paramOf(event, 'path')} is not a Finesse API path`);
    const answer = await deps.rest.finesse(method, path, body, contentType);
    if (answer.status >= 400) deps.log(`workflow action ${event.name}: ${method} ${path} answered ${answer.status}`);
    return;
  }
  const url = paramOf(event, 'path').trim();
  const answer = await deps.rest.proxy({ mid: 0, specUrl: '', url, method, headers: { 'Content-Type': contentType }, body, getFullHeaders: false });
  if (answer.rc < 200 || answer.rc >= 400) deps.log(`workflow action ${event.name}: ${method} ${url} answered ${answer.rc}`);
}
