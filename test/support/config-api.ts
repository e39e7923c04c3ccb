import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { freshServer } from './fresh.js';
import type { HttpResult } from './http.js';
import { request } from './http.js';
import type { XmlElement } from './xml.js';
import { parseXml } from './xml.js';
import type { TestServer } from './server.js';

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

/** A configuration test file's server: a fresh demo server started before its tests and stopped after them. */
export interface ConfigTestServer {
  /** The configuration API client of the server (usable once the tests run). */
  readonly api: ConfigApi;
  readonly server: TestServer;
}

/** Starts a fresh demo server for the test file (node:test `before`/`after`) with a configuration API client on it. */
export function configTestServer(): ConfigTestServer {
  let server: TestServer | undefined;
  let client: ConfigApi | undefined;
  before(async () => {
    server = await freshServer();
    client = configApi(server.baseUrl);
  });
  after(() => server?.stop());
  const started = <T>(value: T | undefined): T => {
    assert.ok(value, 'the server is started before the tests run');
    return value;
  };
  return {
    api: {
      call: (...args) => started(client).call(...args),
      read: (...args) => started(client).read(...args),
      create: (...args) => started(client).create(...args),
      change: (...args) => started(client).change(...args),
    },
    get server() {
      return started(server);
    },
  };
}
