// ltx (the XML library of xmpp.js) ships no type declarations; this covers what the tests use.
declare module 'ltx' {
  export class Element {
    name: string;
    attrs: Record<string, string>;
    children: (Element | string)[];
    getChild(name: string, xmlns?: string): Element | undefined;
    getChildren(name: string, xmlns?: string): Element[];
    getChildText(name: string, xmlns?: string): string | null;
    getText(): string;
    toString(): string;
  }
  export function parse(text: string): Element;
}
