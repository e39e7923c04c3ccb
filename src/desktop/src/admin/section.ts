import type { FunctionComponent } from 'preact';
import type { AdminApi } from './api/admin-api';

export interface SectionProps {
  api: AdminApi;
}

/** A page of the console: one component, with its own REST module under `api/`. */
export interface AdminSection {
  id: string;
  title: string;
  Component: FunctionComponent<SectionProps>;
}
