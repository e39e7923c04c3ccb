import { styleText } from 'node:util';

/**
 * A node's log, one JSON object a line, as one readable line each: `HH:MM:SS LEVEL message key=value …`,
 * behind the node's id. Lines that are not a log object pass through unchanged.
 */

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const SHOWN_ELSEWHERE = new Set(['level', 'time', 'msg', 'service', 'pid', 'hostname']);
const COLORS = ['cyan', 'magenta', 'yellow', 'green', 'blue'] as const;

/** Colours, when standard output is a terminal that wants them. */
export const colorful = process.stdout.isTTY === true && !process.env.NO_COLOR;

/** `node-1 │ `, in the colour of node `colorIndex` (bold without one): the start of each line of that node. */
export function linePrefix(label: string, width: number, colorIndex?: number): string {
  const padded = label.padEnd(width);
  if (!colorful) return `${padded} │ `;
  return `${styleText(colorIndex === undefined ? 'bold' : COLORS[colorIndex % COLORS.length]!, padded)} │ `;
}

export function readableLogLine(line: string): string {
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch {
    return line;
  }
  if (typeof entry !== 'object' || entry === null || typeof (entry as { level?: unknown }).level !== 'number') return line;
  const fields = entry as Record<string, unknown> & { level: number; time?: string; msg?: string };
  const level = LEVELS[fields.level] ?? String(fields.level);
  const time = (typeof fields.time === 'string' ? new Date(fields.time) : new Date()).toTimeString().slice(0, 8);
  const details = Object.entries(fields)
    .filter(([key, value]) => !SHOWN_ELSEWHERE.has(key) && !(key === 'event' && value === fields.msg))
    .map(([key, value]) => `${key}=${shown(value)}`);
  const levelText = colorful && fields.level >= 40 ? styleText(fields.level >= 50 ? 'red' : 'yellow', level.padEnd(5)) : level.padEnd(5);
  return [`${time} ${levelText} ${fields.msg ?? ''}`, ...details].join('  ');
}

function shown(value: unknown): string {
  if (typeof value === 'string') return /^$|[\s"]/.test(value) ? JSON.stringify(value) : value;
  const error = value as { message?: unknown; type?: unknown } | null;
  if (typeof error?.message === 'string' && typeof error.type === 'string') return JSON.stringify(`${error.type}: ${error.message}`);
  return JSON.stringify(value);
}
