import type { HttpResult } from './http.js';
import { request } from './http.js';
import type { ConfigApi } from './config-api.js';
import { xmlObject } from './config-api.js';

/** Helpers of the phone book tests: create books and contacts, upload CSV files. */

export const book = (fields: Record<string, string | undefined>): string => xmlObject('PhoneBook', fields);
export const contact = (fields: Record<string, string | undefined>): string => xmlObject('Contact', fields);

export const createBook = (api: ConfigApi, name: string, type: 'GLOBAL' | 'TEAM'): Promise<string> => api.create('/PhoneBook', book({ name, type }));

export const CSV_HEADER = '"First Name","Last Name","Phone Number","Notes"\r\n';

/** A CSV file of `n` contacts (`prefix` in each first name), header first. */
export function csvOf(n: number, prefix = 'C'): string {
  let text = CSV_HEADER;
  for (let i = 1; i <= n; i++) text += `"${prefix}${i}","Last ${i}","${1_000_000 + i}","note ${i}"\r\n`;
  return text;
}

/** POSTs a CSV file as the console does: multipart/form-data, the file in `datafile`, an empty `phonebook` field. */
export function uploadCsv(baseUrl: string, phoneBookId: string, csv: string, actor = 'admin', part = 'datafile'): Promise<HttpResult> {
  const boundary = '----openfinesse-test-boundary';
  const body =
    `--${boundary}\r\nContent-Disposition: form-data; name="phonebook"\r\n\r\n\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="${part}"; filename="contacts.csv"\r\nContent-Type: application/vnd.ms-excel\r\n\r\n` +
    `${csv}\r\n--${boundary}--\r\n`;
  return request(baseUrl, 'POST', `/finesse/api/PhoneBook/${phoneBookId}/Contacts/csvFileContent`, {
    user: actor,
    body,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}
