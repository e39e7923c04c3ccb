import type { AdminSection } from './section';
import { AuditLogSection } from './sections/audit-log';
import { LayoutsSection } from './sections/layouts';
import { PhoneBooksSection } from './sections/phone-books';
import { ReasonCodesSection } from './sections/reason-codes';
import { TeamAssignmentsSection } from './sections/team-assignments';
import { TeamMessagesSection } from './sections/team-messages';
import { TeamsSection } from './sections/teams';
import { UsersSection } from './sections/users';
import { WorkflowsSection } from './sections/workflows';
import { WrapUpReasonsSection } from './sections/wrap-up-reasons';

/** The console's pages, in menu order. A new configuration area is one more entry here. */
export const ADMIN_SECTIONS: readonly AdminSection[] = [
  { id: 'reason-codes', title: 'Reason codes', Component: ReasonCodesSection },
  { id: 'wrap-up-reasons', title: 'Wrap-up reasons', Component: WrapUpReasonsSection },
  { id: 'phone-books', title: 'Phone books', Component: PhoneBooksSection },
  { id: 'users', title: 'Users', Component: UsersSection },
  { id: 'teams', title: 'Teams', Component: TeamsSection },
  { id: 'workflows', title: 'Workflows', Component: WorkflowsSection },
  { id: 'layouts', title: 'Layouts', Component: LayoutsSection },
  { id: 'team-assignments', title: 'Team assignments', Component: TeamAssignmentsSection },
  { id: 'team-messages', title: 'Team messages', Component: TeamMessagesSection },
  { id: 'audit-log', title: 'Audit log', Component: AuditLogSection },
];
