// The makeRequest callback's argument (gadget reference §2.4): the desktop's io.response turned into
// `{rc, text, data, headers, errors}` according to the CONTENT_TYPE the gadget asked for.

export interface GadgetResponse {
  rc: number;
  text: string;
  data: unknown;
  headers: Record<string, string[]>;
  errors: string[];
}

export interface RawResponse {
  rc: number;
  body: string;
  headers: Record<string, string[]>;
  errors: string[];
}

class ParseFailure extends Error {}

function parseXml(text: string, parser: DOMParser): Document {
  let doc: Document;
  try {
    doc = parser.parseFromString(text, 'text/xml');
  } catch (error) {
    throw new ParseFailure(String(error));
  }
  if (doc.getElementsByTagName('parsererror').length > 0) throw new ParseFailure('not well-formed XML');
  return doc;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ParseFailure(String(error));
  }
}

/** The data for a successful (non-3xx) reply; an empty body is null, never a parse failure. */
function dataFor(contentType: string, text: string, createParser: () => DOMParser): unknown {
  if (contentType !== 'JSON' && contentType !== 'DOM') return text;
  if (text.trim() === '') return null;
  return contentType === 'JSON' ? parseJson(text) : parseXml(text, createParser());
}

export function toGadgetResponse(raw: RawResponse, contentType: string, createParser: () => DOMParser): GadgetResponse {
  const { rc, body: text, headers } = raw;
  if (rc < 200 || rc >= 400) {
    return { rc, text, data: null, headers, errors: raw.errors.length > 0 ? raw.errors : [`${rc} Error`] };
  }
  if (rc >= 300) return { rc, text, data: text, headers, errors: [] };
  try {
    return { rc, text, data: dataFor(contentType, text, createParser), headers, errors: [] };
  } catch (error) {
    if (!(error instanceof ParseFailure)) throw error;
    return { rc: 500, text, data: null, headers, errors: ['500 Error'] };
  }
}
