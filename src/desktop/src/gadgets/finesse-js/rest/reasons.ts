// finesse.restservices.ReasonCode(s) and WrapUpReason(s) (finesse-reference §6).
import { booleanField, textField } from './fields.js';
import type { RestItemClass } from './rest-collection.js';
import { RestObject } from './rest-object.js';
import { SubCollection } from './sub-collection.js';

export class ReasonCode extends RestObject {
  override getRestType(): string {
    return 'ReasonCode';
  }

  getCategory(): string {
    return textField(this._data?.category);
  }

  getCode(): string {
    return textField(this._data?.code);
  }

  getLabel(): string {
    return textField(this._data?.label);
  }

  isForAll(): boolean {
    return booleanField(this._data?.forAll);
  }

  isSystemCode(): boolean {
    return booleanField(this._data?.systemCode);
  }
}

/** A user's reason codes of one category (`options.category`: NOT_READY or LOGOUT). */
export class ReasonCodes extends SubCollection {
  override getRestType(): string {
    return 'ReasonCodes';
  }

  override getRestItemType(): string {
    return 'ReasonCode';
  }

  override getRestItemClass(): RestItemClass {
    return ReasonCode;
  }

  getCategory(): string {
    return textField(this._options.category);
  }

  override _loadPath(): string {
    const category = this.getCategory();
    return category ? `${this.getRestUrl()}?category=${encodeURIComponent(category)}` : this.getRestUrl();
  }
}

export class WrapUpReason extends RestObject {
  override getRestType(): string {
    return 'WrapUpReason';
  }

  getLabel(): string {
    return textField(this._data?.label);
  }

  isForAll(): boolean {
    return booleanField(this._data?.forAll);
  }
}

export class WrapUpReasons extends SubCollection {
  override getRestType(): string {
    return 'WrapUpReasons';
  }

  override getRestItemType(): string {
    return 'WrapUpReason';
  }

  override getRestItemClass(): RestItemClass {
    return WrapUpReason;
  }
}
