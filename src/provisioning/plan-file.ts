import type { Document, Node } from 'yaml';
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { PlanPath, ProvisioningPlan } from './plan.js';
import { ConfigError, parsePlan, pathText } from './plan.js';

/** A provisioning file that cannot be used, with where: `site.yaml:12:7: users[2].team: …`. */
export class PlanFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly column: number | null,
    readonly problem: string,
  ) {
    super(line === null ? `${file}: ${problem}` : `${file}:${line}:${column}: ${problem}`);
    this.name = 'PlanFileError';
  }
}

/** A provisioning file read: its plan, and where each entry of it is in the text. */
export interface PlanFile {
  plan: ProvisioningPlan;
  /** `file:line:column` of the YAML node at `path` (or of its nearest enclosing node). */
  locate(path: PlanPath): { line: number; column: number } | null;
}

/**
 * Parses and validates a provisioning file. YAML syntax errors and schema errors alike become a
 * PlanFileError pointing at the line and column of the offending node.
 */
export function readPlanFile(text: string, file: string): PlanFile {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntax = document.errors[0];
  if (syntax) {
    const at = lineCounter.linePos(syntax.pos[0]);
    throw new PlanFileError(file, at.line, at.col, firstLine(syntax.message));
  }
  const locate = (path: PlanPath) => position(document, lineCounter, path);
  try {
    return { plan: parsePlan(document.toJS()), locate };
  } catch (error) {
    if (error instanceof ConfigError) throw locatedError(file, locate, error);
    throw error;
  }
}

/** A ConfigError (a schema problem, or one found against the store) placed in the file. */
export function locatedError(file: string, locate: PlanFile['locate'], error: ConfigError): PlanFileError {
  const at = locate(error.path);
  return new PlanFileError(file, at?.line ?? null, at?.column ?? null, `${pathText(error.path)}: ${error.problem}`);
}

function position(document: Document, lines: LineCounter, path: PlanPath): { line: number; column: number } | null {
  // The node itself, or (for a field that is missing) the nearest entry that encloses it.
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? document.contents : document.getIn(path.slice(0, depth), true);
    if (isNode(node) && (node as Node).range) {
      const at = lines.linePos((node as Node).range![0]);
      return { line: at.line, column: at.col };
    }
  }
  return null;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!;
}
