/** What is wrong with a gadget document, as a code a caller can branch on and a message naming the part. */
export type GadgetErrorCode =
  | 'xml' // not well-formed, DOCTYPE, processing instruction, limits
  | 'root' // root is not <Module> / <messagebundle>
  | 'missing' // a required element or attribute is absent
  | 'invalid' // an attribute or element has a value outside its domain
  | 'render-url'; // a /gadgets/ifr query that does not validate

export class GadgetSpecError extends Error {
  constructor(
    readonly code: GadgetErrorCode,
    /** Where in the document (or which parameter): `Module/UserPref[2]@datatype`, `url`. */
    readonly where: string,
    message: string,
  ) {
    super(`${where}: ${message}`);
    this.name = 'GadgetSpecError';
  }
}
