import assert from 'node:assert/strict';
import type { HttpResult } from './http.js';
import { request } from './http.js';
import type { XmlElement } from './xml.js';
import { parseXml } from './xml.js';

/** A client of the Finesse configuration APIs for tests: raw calls, and the common expectations. */
export interface ConfigApi {
  /** `/finesse/api{path}` as `actor` (password `demo`), with an XML body when given. */
  call(actor: string, method: string, path: string, body?: string): Promise<HttpResult>;
  /** A GET that must answer 200; the parsed document. */
  read(actor: string, path: string): Promise<XmlElement>;
  /** A POST that must answer 200 with an empty body and an absolute `Location`; the new item's id. */
  create(path: string, body: string): Promise<string>;
  /** A PUT or DELETE that must answer 200 with an empty body. */
  change(method: 'PUT' | 'DELETE', path: string, body?: string): Promise<void>;
}

export function configApi(baseUrl: string, admin = 'admin'): ConfigApi {
  const call = (actor: string, method: string, path: string, body?: string) =>
    request(baseUrl, method, `/finesse/api${path}`, { user: actor, ...(body !== undefined ? { body } : {}) });
  return {
    call,
    async read(actor, path) {
      const r = await call(actor, 'GET', path);
      assert.equal(r.status, 200, `GET ${path}: ${r.body}`);
      return parseXml(r.body);
    },
    async create(path, body) {
      const r = await call(admin, 'POST', path, body);
      assert.equal(r.status, 200, `POST ${path}: ${r.body}`);
      assert.equal(r.body, '');
      const location = r.headers.get('location') ?? '';
      const match =
        /^http:\/\/127\.0\.0\.1:\d+\/finesse\/api\/(ReasonCode|WrapUpReason|PhoneBook|PhoneBook\/\d+\/Contact|WorkflowAction|Workflow|MediaPropertiesLayout)\/(\d+)$/.exec(
          location,
        );
      assert.ok(match, `Location: ${location}`);
      return match[2]!;
    },
    async change(method, path, body) {
      const r = await call(admin, method, path, body);
      assert.equal(r.status, 200, `${method} ${path}: ${r.body}`);
      assert.equal(r.body, '');
    },
  };
}

/** `<root>` with the given fields as child elements, escaped (undefined ones left out). */
export function xmlObject(root: string, fields: Record<string, string | number | boolean | undefined>): string {
  const escaped = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<${root}>${Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<${k}>${escaped(String(v))}</${k}>`)
    .join('')}</${root}>`;
}
