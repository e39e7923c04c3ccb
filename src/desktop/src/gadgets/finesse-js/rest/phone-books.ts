// finesse.restservices.PhoneBook(s) and Contact(s) (gadget reference §4.3, finesse-reference §8.5).
import { textField, type XmlData } from './fields.js';
import type { RestItemClass } from './rest-collection.js';
import { RestObject, type RestOptions } from './rest-object.js';
import { SubCollection } from './sub-collection.js';

export class Contact extends RestObject {
  override getRestType(): string {
    return 'Contact';
  }

  getFirstName(): string {
    return textField(this._data?.firstName);
  }

  getLastName(): string {
    return textField(this._data?.lastName);
  }

  getPhoneNumber(): string {
    return textField(this._data?.phoneNumber);
  }

  getDescription(): string {
    return textField(this._data?.description);
  }
}

/** `/finesse/api/PhoneBook/{id}/Contacts`. */
export class Contacts extends SubCollection {
  override getParentType(): string {
    return 'PhoneBook';
  }

  override getRestType(): string {
    return 'Contacts';
  }

  override getRestItemType(): string {
    return 'Contact';
  }

  override getRestItemClass(): RestItemClass {
    return Contact;
  }
}

export class PhoneBook extends RestObject {
  override getRestType(): string {
    return 'PhoneBook';
  }

  getName(): string {
    return textField(this._data?.name);
  }

  getType(): string {
    return textField(this._data?.type);
  }

  /**
   * The `contacts` element as received: `{Contact: …}` (an object for one contact, an array for several)
   * when the book embeds its contacts, the Contacts URI text when it does not.
   */
  getEmbeddedContacts(): XmlData {
    return this._data?.contacts ?? null;
  }

  /** The book's Contacts collection (a GET of `/finesse/api/PhoneBook/{id}/Contacts`). */
  getContacts(options?: RestOptions): Contacts {
    return this._child('Contacts', options, (o) => new Contacts(o));
  }
}

export class PhoneBooks extends SubCollection {
  override getRestType(): string {
    return 'PhoneBooks';
  }

  override getRestItemType(): string {
    return 'PhoneBook';
  }

  override getRestItemClass(): RestItemClass {
    return PhoneBook;
  }
}
