import type { AdminSection } from './section';
import { AuditLogSection } from './sections/audit-log';
import { PhoneBooksSection } from './sections/phone-books';
import { ReasonCodesSection } from './sections/reason-codes';
import { TeamAssignmentsSection } from './sections/team-assignments';
import { TeamMessagesSection } from './sections/team-messages';
import { WrapUpReasonsSection } from './sections/wrap-up-reasons';

/** The console's pages, in menu order. A new configuration area is one more entry here. */
export const ADMIN_SECTIONS: readonly AdminSection[] = [
  { id: 'reason-codes', title: 'Reason codes', Component: ReasonCodesSection },
  { id: 'wrap-up-reasons', title: 'Wrap-up reasons', Component: WrapUpReasonsSection },
  { id: 'phone-books', title: 'Phone books', Component: PhoneBooksSection },
  { id: 'team-assignments', title: 'Team assignments', Component: TeamAssignmentsSection },
  { id: 'team-messages', title: 'Team messages', Component: TeamMessagesSection },
  { id: 'audit-log', title: 'Audit log', Component: AuditLogSection },
];
