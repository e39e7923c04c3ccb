import type { DialogSnapshot } from '../domain/dialog.js';
import type { DomainEvent, EventBus } from '../domain/events.js';
import { asyncApiErrorsXml, dialogXml, dialogsXml } from '../finesse/dialog-xml.js';
import { updateXml } from '../finesse/update-xml.js';
import { dialogUri, userDialogsUri } from '../finesse/uris.js';
import type { Publish } from './notifier.js';

/**
 * The publication a dialog event causes on the agent's `/finesse/api/User/{id}/Dialogs` node:
 * POST and DELETE carry the collection (`<dialogs><Dialog>`) with the collection source, PUT carries
 * the item (`<dialog>`) with the item source, asynchronous errors carry `<apiErrors>` with the item source.
 */
export function dialogPublicationFor(event: DomainEvent, render: DialogRenderer = new DialogRenderer()): { node: string; update: string } | null {
  switch (event.type) {
    case 'DialogAdded':
    case 'DialogRemoved': {
      const source = userDialogsUri(event.loginId);
      return { node: source, update: updateXml(render.collection(event.dialog), event.type === 'DialogAdded' ? 'POST' : 'DELETE', event.requestId, source) };
    }
    case 'DialogUpdated':
      return { node: userDialogsUri(event.loginId), update: updateXml(render.item(event.dialog), 'PUT', event.requestId, dialogUri(event.dialog.id)) };
    case 'DialogRequestFailed':
      return { node: userDialogsUri(event.loginId), update: updateXml(asyncApiErrorsXml([event.error]), 'PUT', event.requestId, dialogUri(event.dialogId)) };
    default:
      return null;
  }
}

/** Serialises each dialog snapshot once, however many agent participants it is sent to. */
export class DialogRenderer {
  private readonly collections = new WeakMap<DialogSnapshot, string>();
  private readonly items = new WeakMap<DialogSnapshot, string>();

  collection(dialog: DialogSnapshot): string {
    let xml = this.collections.get(dialog);
    if (xml === undefined) this.collections.set(dialog, (xml = dialogsXml([dialog], 'dialogs')));
    return xml;
  }

  item(dialog: DialogSnapshot): string {
    let xml = this.items.get(dialog);
    if (xml === undefined) this.items.set(dialog, (xml = dialogXml(dialog, 'dialog')));
    return xml;
  }
}

/** Publishes dialog events in event order. Returns the unsubscribe function. */
export function startDialogNotifier(bus: EventBus, publish: Publish): () => void {
  const render = new DialogRenderer();
  return bus.subscribe((event) => {
    const publication = dialogPublicationFor(event, render);
    if (publication) publish(publication.node, publication.update);
  });
}
