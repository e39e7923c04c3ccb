// The finesse.restservices namespace (gadget reference §4.2, §4.3): the services part's index.ts assigns
// createRestServices() to `finesse.restservices` after setRestEnvironment(ClientServices-backed environment).
import { Dialog } from './dialog.js';
import { Dialogs } from './dialogs.js';
import { MediaPropertiesLayout, MediaPropertiesLayouts } from './media-properties-layouts.js';
import { Contact, Contacts, PhoneBook, PhoneBooks } from './phone-books.js';
import { Queue, Queues } from './queues.js';
import { ReasonCode, ReasonCodes, WrapUpReason, WrapUpReasons } from './reasons.js';
import { RestCollection } from './rest-collection.js';
import { RestObject } from './rest-object.js';
import { SystemInfo } from './system-info.js';
import { Team, TeamUsers } from './team.js';
import { User } from './user.js';
import { Workflow, WorkflowAction, WorkflowActions, Workflows } from './workflows.js';

export { type RestEnvironment, setRestEnvironment } from './environment.js';
export { registerMediaList } from './media-seam.js';

export function createRestServices() {
  return {
    RestBase: RestObject,
    RestCollectionBase: RestCollection,
    User,
    Dialog,
    Dialogs,
    Queue,
    Queues,
    Team,
    TeamUsers,
    PhoneBook,
    PhoneBooks,
    Contact,
    Contacts,
    ReasonCode,
    ReasonCodes,
    WrapUpReason,
    WrapUpReasons,
    Workflow,
    Workflows,
    WorkflowAction,
    WorkflowActions,
    MediaPropertiesLayout,
    MediaPropertiesLayouts,
    SystemInfo,
  };
}
