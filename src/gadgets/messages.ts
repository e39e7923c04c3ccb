import type { Element } from '../xml/element.js';
import { GadgetSpecError } from './errors.js';
import { childrenNamed, type GadgetXmlLimits, readGadgetXml } from './xml.js';

/** The `<msg name="k">text</msg>` children of a `<messagebundle>` or an inline `<Locale>`; text trimmed. */
export function readMessages(parent: Element, where: string): Record<string, string> {
  const messages: Record<string, string> = Object.create(null);
  childrenNamed(parent, 'msg').forEach((m, i) => {
    const name = m.attr('name');
    if (!name) throw new GadgetSpecError('missing', `${where}/msg[${i + 1}]@name`, 'a msg needs a name');
    messages[name] = m.text.trim();
  });
  return messages;
}

/** Parses a message bundle document (`<messagebundle><msg name>…</msg>…</messagebundle>`). */
export function parseMessageBundle(source: string, limits?: GadgetXmlLimits): Record<string, string> {
  const root = readGadgetXml(source, limits);
  if (root.name !== 'messagebundle') {
    throw new GadgetSpecError('root', root.name, 'the root element of a message bundle must be <messagebundle>');
  }
  return readMessages(root, 'messagebundle');
}
