import { useState } from 'preact/hooks';
import type { AdminApi } from '../api/admin-api';
import { type AdminTeam, listAdminTeams } from '../api/team-admin';
import { type AdminUser, USER_ROLES, type UserFields, type UserRole, createUser, deleteUser, listUsers, updateUser } from '../api/users';
import type { SectionProps } from '../section';
import { CheckField, Field, FieldError, FormButtons, FormError, LoadView, StatusLine, TeamPicker } from '../ui/form';
import { AdminTable, NewButton, RowActions } from '../ui/table';
import { teamNames } from '../ui/team-names';
import { type EditFormProps, useEditor } from '../ui/use-editor';
import { useLoad } from '../ui/use-load';
import { useSubmit } from '../ui/use-submit';

async function load(api: AdminApi): Promise<{ users: AdminUser[]; teams: AdminTeam[] }> {
  const [users, teams] = await Promise.all([listUsers(api), listAdminTeams(api)]);
  return { users, teams };
}

const fullName = (u: AdminUser): string => `${u.firstName} ${u.lastName}`.trim();

/** Users (our provisioning API): create with a password, edit, reset the password, disable or enable, delete. */
export function UsersSection({ api }: SectionProps) {
  const [loaded, reload] = useLoad(() => load(api), [api]);
  const editor = useEditor<AdminUser>(reload);
  const setDisabled = (u: AdminUser, disabled: boolean) => {
    const verb = disabled ? 'disable' : 'enable';
    return editor.change(() => updateUser(api, u.loginId, { disabled }), `User ${u.loginId} ${verb}d.`, `Could not ${verb} ${u.loginId}`);
  };
  const remove = (u: AdminUser) => editor.change(() => deleteUser(api, u.loginId), `User ${u.loginId} deleted.`, `Could not delete ${u.loginId}`);
  return (
    <section aria-label="Users">
      <p class="muted">A disabled user keeps his account but cannot sign in. Signed-in users cannot be disabled or deleted.</p>
      <StatusLine text={editor.status} />
      <NewButton editor={editor} label="New user" />
      {editor.isOpen && loaded.status === 'ready' && (
        <UserForm api={api} teams={loaded.data.teams} initial={editor.initial} onDone={editor.done} onCancel={editor.cancel} />
      )}
      <LoadView loaded={loaded} empty="No users yet." isEmpty={(d) => d.users.length === 0}>
        {(d) => (
          <AdminTable label="Users" columns={['Login ID', 'Name', 'Roles', 'Team', 'Supervises', 'Status', 'Actions']}>
            {d.users.map((u) => (
              <tr key={u.loginId} data-id={u.loginId}>
                <td>{u.loginId}</td>
                <td>{fullName(u)}</td>
                <td>{u.roles.join(', ')}</td>
                <td>{u.team === null ? 'No team' : teamNames(d.teams, [u.team])}</td>
                <td>{u.supervises.length === 0 ? '' : teamNames(d.teams, u.supervises)}</td>
                <td>{u.disabled ? 'Disabled' : 'Enabled'}</td>
                <RowActions what={u.loginId} onEdit={() => editor.edit(u)} onDelete={() => remove(u)}>
                  <button
                    type="button"
                    class="secondary"
                    aria-label={`${u.disabled ? 'Enable' : 'Disable'} ${u.loginId}`}
                    onClick={() => setDisabled(u, !u.disabled)}
                  >
                    {u.disabled ? 'Enable' : 'Disable'}
                  </button>
                </RowActions>
              </tr>
            ))}
          </AdminTable>
        )}
      </LoadView>
    </section>
  );
}

interface FormProps extends EditFormProps<AdminUser> {
  teams: AdminTeam[];
}

function UserForm({ api, teams, initial, onDone, onCancel }: FormProps) {
  const [loginId, setLoginId] = useState(initial?.loginId ?? '');
  const [password, setPassword] = useState('');
  const [firstName, setFirstName] = useState(initial?.firstName ?? '');
  const [lastName, setLastName] = useState(initial?.lastName ?? '');
  const [roles, setRoles] = useState<UserRole[]>(initial?.roles ?? ['Agent']);
  const [team, setTeam] = useState(initial?.team ?? '');
  const [supervises, setSupervises] = useState(initial?.supervises ?? []);
  const save = async () => {
    const fields: UserFields = { firstName, lastName, roles, team: team === '' ? null : team, supervises };
    // Editing, an empty password keeps the current one; anything typed resets it.
    if (initial) await updateUser(api, initial.loginId, password === '' ? fields : { ...fields, password });
    else await createUser(api, loginId, { ...fields, password });
    onDone(`User ${initial?.loginId ?? loginId} ${initial ? 'saved' : 'created'}.`);
  };
  const { busy, errors, submit } = useSubmit(save, () => ({
    loginId: { value: loginId, words: ['loginId', 'login ID'] },
    password: { value: password, words: ['password'] },
    firstName: { value: firstName, words: ['firstName', 'first name'] },
    lastName: { value: lastName, words: ['lastName', 'last name'] },
    roles: { value: roles.join(','), words: ['roles', 'role'] },
    team: { value: team, words: ['team'] },
    supervises: { value: supervises.join(','), words: ['supervises'] },
  }));
  const toggleRole = (role: UserRole, on: boolean) =>
    setRoles(on ? USER_ROLES.filter((r) => r === role || roles.includes(r)) : roles.filter((r) => r !== role));
  return (
    <form class="admin-form" aria-label={initial ? `Edit user ${initial.loginId}` : 'New user'} onSubmit={submit} noValidate>
      {!initial && <Field id="user-login-id" label="Login ID" value={loginId} error={errors.loginId} onInput={setLoginId} />}
      <PasswordField
        label={initial ? 'New password (empty: keep the current one)' : 'Password'}
        value={password}
        error={errors.password}
        onInput={setPassword}
      />
      <Field id="user-first-name" label="First name" value={firstName} error={errors.firstName} onInput={setFirstName} />
      <Field id="user-last-name" label="Last name" value={lastName} error={errors.lastName} onInput={setLastName} />
      <fieldset class="team-picker" aria-invalid={errors.roles ? 'true' : undefined} aria-describedby={errors.roles ? 'user-roles-error' : undefined}>
        <legend>Roles</legend>
        <FieldError id="user-roles" error={errors.roles} />
        {USER_ROLES.map((role) => (
          <CheckField key={role} id={`user-role-${role}`} label={role} checked={roles.includes(role)} onChange={(on) => toggleRole(role, on)} />
        ))}
      </fieldset>
      <div class="admin-field">
        <label for="user-team">Team</label>
        <select
          id="user-team"
          value={team}
          aria-invalid={errors.team ? 'true' : undefined}
          aria-describedby={errors.team ? 'user-team-error' : undefined}
          onChange={(e) => setTeam(e.currentTarget.value)}
        >
          <option value="">No team</option>
          {teams.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
        <FieldError id="user-team" error={errors.team} />
      </div>
      <TeamPicker id="user-supervises" legend="Supervises" teams={teams} selected={supervises} onChange={setSupervises} error={errors.supervises} />
      <FormError error={errors.form} />
      <FormButtons busy={busy} submit={initial ? 'Save user' : 'Create user'} onCancel={onCancel} />
    </form>
  );
}

function PasswordField({ label, value, error, onInput }: { label: string; value: string; error?: string | undefined; onInput: (value: string) => void }) {
  return (
    <div class="admin-field">
      <label for="user-password">{label}</label>
      <input
        id="user-password"
        type="password"
        autoComplete="new-password"
        value={value}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? 'user-password-error' : undefined}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      <FieldError id="user-password" error={error} />
    </div>
  );
}
