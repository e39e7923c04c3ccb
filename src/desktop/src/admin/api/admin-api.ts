import type { FinesseRest } from '../../finesse/rest';
import { escapeXml } from '../../finesse/rest';
import { idFromUri, parseXml, text } from '../../finesse/xml';

/**
 * What every section's REST module uses: the configuration APIs of `/finesse/api` (XML, synchronous:
 * 200 with `Location` on create, 200 with no body on change) and the JSON of `/openfinesse/api`, with
 * the signed-in administrator's credentials. A refused request throws `RestError` with the server's
 * `ApiErrors`, which the forms show next to their fields.
 */
export class AdminApi {
  constructor(private readonly rest: FinesseRest) {}

  async getXml(path: string): Promise<Element> {
    const response = await this.rest.request({ method: 'GET', path });
    return parseXml(await response.text());
  }

  /** POST a new item; its id is the last segment of the answer's `Location`. */
  async create(path: string, xml: string): Promise<string> {
    const response = await this.rest.request({ method: 'POST', path, body: xml, contentType: 'application/xml' });
    return idFromUri(new URL(response.headers.get('location') ?? '', window.location.href).pathname);
  }

  async put(path: string, xml: string): Promise<void> {
    await this.rest.request({ method: 'PUT', path, body: xml, contentType: 'application/xml' });
  }

  async remove(path: string): Promise<void> {
    await this.rest.request({ method: 'DELETE', path });
  }

  /** A file as the only part (`name`) of a multipart form; the browser writes the boundary. */
  async upload(path: string, name: string, file: Blob, filename: string): Promise<void> {
    const form = new FormData();
    form.append(name, file, filename);
    await this.rest.request({ method: 'POST', path, body: form });
  }

  async getText(path: string, accept: string): Promise<string> {
    const response = await this.rest.request({ method: 'GET', path, accept });
    return response.text();
  }

  async getJson<T>(path: string): Promise<T> {
    const response = await this.rest.request({ method: 'GET', path, accept: 'application/json', api: 'openfinesse' });
    return (await response.json()) as T;
  }

  /** A POST or PUT of JSON to `/openfinesse/api`; the item it answers. */
  async sendJson<T>(method: 'POST' | 'PUT', path: string, body: unknown): Promise<T> {
    const response = await this.rest.request({
      method,
      path,
      body: JSON.stringify(body),
      contentType: 'application/json',
      accept: 'application/json',
      api: 'openfinesse',
    });
    return (await response.json()) as T;
  }

  async removeJson(path: string): Promise<void> {
    await this.rest.request({ method: 'DELETE', path, accept: 'application/json', api: 'openfinesse' });
  }
}

/** `<name>value</name>`, escaped. */
export function tag(name: string, value: string | number | boolean): string {
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** The id of a configuration item: its `id` element, else the last segment of its `uri`. */
export function itemId(el: Element): string {
  return text(el, 'id') || idFromUri(text(el, 'uri'));
}

/** The `uri` list body of a team assignment PUT (admin reference §9). */
export function uriList(root: string, item: string, uris: readonly string[]): string {
  return `<${root}>${uris.map((u) => `<${item}>${tag('uri', u)}</${item}>`).join('')}</${root}>`;
}
