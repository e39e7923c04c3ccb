import assert from 'node:assert/strict';
import { readXml } from '../../src/finesse/xml-reader.js';
import type { XmlElement } from '../../src/finesse/xml-reader.js';
import type { HttpResult } from './http.js';

export type { XmlElement };

/** Parses a response body; fails the test when it is not one well-formed XML document. */
export function parseXml(body: string): XmlElement {
  return readXml(body);
}

/** The element at a `/`-separated path of child names (first match at each step). */
export function at(root: XmlElement, path: string): XmlElement | undefined {
  let current: XmlElement | undefined = root;
  for (const name of path.split('/')) {
    current = current?.children.find((c) => c.name === name);
  }
  return current;
}

/** Text of the element at `path`; fails when the element is absent. */
export function textAt(root: XmlElement, path: string): string {
  const found = at(root, path);
  assert.ok(found, `<${root.name}> has no ${path}`);
  return found.text;
}

export const childNames = (element: XmlElement): string[] => element.children.map((c) => c.name);

/** A flat name → text map of the leaf children of an element. */
export function leaves(element: XmlElement): Record<string, string> {
  return Object.fromEntries(element.children.filter((c) => c.children.length === 0).map((c) => [c.name, c.text]));
}

/** Asserts an ApiErrors answer: status, XML content type, exactly one ApiError with these fields. */
export function assertApiError(result: HttpResult, status: number, type: string, expected: { data?: string; message?: string | RegExp } = {}): void {
  assert.equal(result.status, status, `status (body: ${result.body})`);
  assert.match(result.headers.get('content-type') ?? '', /^application\/xml/);
  const root = parseXml(result.body);
  assert.equal(root.name, 'ApiErrors');
  assert.deepEqual(childNames(root), ['ApiError']);
  const error = root.children[0]!;
  assert.deepEqual([...childNames(error)].sort(), ['ErrorData', 'ErrorMessage', 'ErrorType']);
  assert.equal(textAt(error, 'ErrorType'), type, 'ErrorType');
  if (expected.data !== undefined) assert.equal(textAt(error, 'ErrorData'), expected.data, 'ErrorData');
  if (typeof expected.message === 'string') assert.equal(textAt(error, 'ErrorMessage'), expected.message, 'ErrorMessage');
  if (expected.message instanceof RegExp) assert.match(textAt(error, 'ErrorMessage'), expected.message, 'ErrorMessage');
}
