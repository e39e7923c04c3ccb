import type { AdminApi } from './admin-api';

export type UserRole = 'Agent' | 'Supervisor' | 'Administrator';

export const USER_ROLES: readonly UserRole[] = ['Agent', 'Supervisor', 'Administrator'];

/** A user of `GET /openfinesse/api/users` (never a password). */
export interface AdminUser {
  loginId: string;
  loginName: string;
  firstName: string;
  lastName: string;
  roles: UserRole[];
  team: string | null;
  supervises: string[];
  disabled: boolean;
}

/** What a create or an edit sends; `password` only when one is set. */
export type UserFields = Omit<AdminUser, 'loginId' | 'loginName' | 'disabled'> & { loginName?: string; password?: string; disabled?: boolean };

const user = (loginId: string): string => `/users/${encodeURIComponent(loginId)}`;

export async function listUsers(api: AdminApi): Promise<AdminUser[]> {
  return (await api.getJson<{ users: AdminUser[] }>('/users')).users;
}

export function createUser(api: AdminApi, loginId: string, fields: UserFields & { password: string }): Promise<AdminUser> {
  return api.sendJson<AdminUser>('POST', '/users', { loginId, ...fields });
}

/** A partial change: only the fields given. */
export function updateUser(api: AdminApi, loginId: string, fields: Partial<UserFields>): Promise<AdminUser> {
  return api.sendJson<AdminUser>('PUT', user(loginId), fields);
}

export function deleteUser(api: AdminApi, loginId: string): Promise<void> {
  return api.removeJson(user(loginId));
}
