// finesse.restservices.SystemInfo (finesse-reference §8.1).
import { textField, type XmlData } from './fields.js';
import { RestObject } from './rest-object.js';

export class SystemInfo extends RestObject {
  override getRestType(): string {
    return 'SystemInfo';
  }

  override getRestUrl(): string {
    return '/finesse/api/SystemInfo';
  }

  override getId(): string {
    return 'SystemInfo';
  }

  getStatus(): string {
    return textField(this._data?.status);
  }

  getStatusReason(): string {
    return textField(this._data?.statusReason);
  }

  getDeploymentType(): string {
    return textField(this._data?.deploymentType);
  }

  getCurrentTimestamp(): string {
    return textField(this._data?.currentTimestamp);
  }

  getXmppDomain(): string {
    return textField(this._data?.xmppDomain);
  }

  getXmppPubSubDomain(): string {
    return textField(this._data?.xmppPubSubDomain);
  }

  getSystemAuthMode(): string {
    return textField(this._data?.systemAuthMode);
  }

  isSSOEnabled(): boolean {
    return this.getSystemAuthMode() === 'SSO';
  }

  getPrimaryNode(): XmlData {
    return this._data?.primaryNode ?? null;
  }

  getSecondaryNode(): XmlData {
    return this._data?.secondaryNode ?? null;
  }

  getPeripheralId(): string {
    return textField(this._data?.peripheralId);
  }
}
