// finesse.restservices.Dialogs (gadget reference §4.2): the user's dialogs, kept current from the
// `/finesse/api/User/{id}/Dialogs` node.
import { json2xml } from '../xml.js';
import { Dialog } from './dialog.js';
import { type RequestHandlers, restWrite } from './request.js';
import type { RestItemClass } from './rest-collection.js';
import { NotifiedSubCollection } from './sub-collection.js';

export class Dialogs extends NotifiedSubCollection {
  override getRestType(): string {
    return 'Dialogs';
  }

  override getRestItemType(): string {
    return 'Dialog';
  }

  override getRestItemClass(): RestItemClass {
    return Dialog;
  }

  /** How many dialogs there are; with `excludeSilentMonitor`, not counting SUPERVISOR_MONITOR dialogs. */
  getDialogCount(excludeSilentMonitor?: boolean): number {
    const dialogs = Object.values(this._collection) as Dialog[];
    return excludeSilentMonitor ? dialogs.filter((d) => d.getCallType() !== 'SUPERVISOR_MONITOR').length : dialogs.length;
  }

  /** POST MAKE_CALL from `fromAddress` (the agent's extension) to `toAddress`. */
  createNewCallDialog(toAddress: string, fromAddress: string, handlers?: RequestHandlers): string {
    const body = json2xml({ Dialog: { requestedAction: Dialog.Actions.MAKE_CALL, fromAddress, toAddress } });
    return restWrite('POST', this.getRestUrl(), body, handlers);
  }
}
