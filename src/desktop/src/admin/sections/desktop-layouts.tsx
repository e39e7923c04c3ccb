import { useEffect, useState } from 'preact/hooks';
import type { AdminApi } from '../api/admin-api';
import { readDefaultDesktopLayout, readTeamDesktopLayout, saveDefaultDesktopLayout, saveTeamDesktopLayout } from '../api/desktop-layout';
import { type TeamSummary, listTeams } from '../api/teams';
import { CheckField, FieldError, LoadView, StatusLine } from '../ui/form';
import { useLoad } from '../ui/use-load';
import { useSubmit } from '../ui/use-submit';

/** The desktop layout XML: the default, and each team's own or "use default". */
export function DesktopLayouts({ api }: { api: AdminApi }) {
  const [teams] = useLoad(() => listTeams(api), [api]);
  const [team, setTeam] = useState('');
  useEffect(() => {
    if (teams.status === 'ready' && team === '' && teams.data[0]) setTeam(teams.data[0].id);
  }, [teams, team]);
  return (
    <section aria-label="Desktop layout">
      <h2>Desktop layout</h2>
      <p class="muted">The gadgets of the desktop, as a &lt;finesseLayout&gt; document. A layout the server refuses changes nothing.</p>
      <DefaultLayoutForm api={api} />
      <LoadView loaded={teams} empty="There are no teams." isEmpty={(d: TeamSummary[]) => d.length === 0}>
        {(d) => (
          <>
            <div class="admin-field">
              <label for="dl-team">Team</label>
              <select id="dl-team" value={team} onChange={(e) => setTeam(e.currentTarget.value)}>
                {d.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
            </div>
            {team && <TeamLayoutForm key={team} api={api} team={team} />}
          </>
        )}
      </LoadView>
    </section>
  );
}

function DefaultLayoutForm({ api }: { api: AdminApi }) {
  const [loaded, reload] = useLoad(() => readDefaultDesktopLayout(api), [api]);
  const [edited, setEdited] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const xml = edited ?? (loaded.status === 'ready' ? loaded.data : '');
  const edit = (value: string) => {
    setStatus('');
    setEdited(value);
  };
  const save = async () => {
    await saveDefaultDesktopLayout(api, xml);
    await reload();
    setEdited(null);
    setStatus('Default desktop layout saved.');
  };
  const { busy, errors, submit } = useSubmit(save, () => ({ layoutxml: { value: xml, words: ['layoutxml', 'layout'] } }));
  return (
    <LoadView loaded={loaded} empty="" isEmpty={() => false}>
      {() => (
        <form class="admin-form wide" aria-label="Default desktop layout" onSubmit={submit} noValidate>
          <LayoutXmlField id="dl-default-xml" label="Default layout XML" value={xml} error={joined(errors)} onInput={edit} />
          <StatusLine text={status} />
          <button type="submit" class="primary" disabled={busy}>
            Save default layout
          </button>
        </form>
      )}
    </LoadView>
  );
}

function TeamLayoutForm({ api, team }: { api: AdminApi; team: string }) {
  const [loaded, reload] = useLoad(() => readTeamDesktopLayout(api, team), [api, team]);
  const [useDefault, setUseDefault] = useState<boolean | null>(null);
  const [edited, setEdited] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const current = loaded.status === 'ready' ? loaded.data : { useDefault: true, layoutXml: '' };
  const usesDefault = useDefault ?? current.useDefault;
  const xml = edited ?? current.layoutXml;
  const edit = (value: string) => {
    setStatus('');
    setEdited(value);
  };
  const chooseDefault = (on: boolean) => {
    setStatus('');
    setUseDefault(on);
  };
  const save = async () => {
    await saveTeamDesktopLayout(api, team, { useDefault: usesDefault, layoutXml: xml });
    await reload();
    setUseDefault(null);
    setEdited(null);
    setStatus("The team's desktop layout saved.");
  };
  const { busy, errors, submit } = useSubmit(save, () => ({
    useDefault: { value: String(usesDefault), words: ['useDefault'] },
    layoutxml: { value: xml, words: ['layoutxml', 'layout'] },
  }));
  return (
    <LoadView loaded={loaded} empty="" isEmpty={() => false}>
      {() => (
        <form class="admin-form wide" aria-label="Desktop layout of the team" onSubmit={submit} noValidate>
          <CheckField id="dl-team-default" label="Use the default layout" checked={usesDefault} onChange={chooseDefault} />
          {!usesDefault && <LayoutXmlField id="dl-team-xml" label="Team layout XML" value={xml} error={joined(errors)} onInput={edit} />}
          {usesDefault && <FieldError id="dl-team-default" error={joined(errors)} />}
          <StatusLine text={status} />
          <button type="submit" class="primary" disabled={busy}>
            Save team layout
          </button>
        </form>
      )}
    </LoadView>
  );
}

/** The form has one field: whatever the server refused is about the layout. */
const joined = (errors: Record<string, string | undefined>): string | undefined => Object.values(errors).filter(Boolean).join(' ') || undefined;

function LayoutXmlField({
  id,
  label,
  value,
  error,
  onInput,
}: {
  id: string;
  label: string;
  value: string;
  error?: string | undefined;
  onInput: (v: string) => void;
}) {
  return (
    <div class="admin-field">
      <label for={id}>{label}</label>
      <textarea
        id={id}
        rows={16}
        spellcheck={false}
        value={value}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      <FieldError id={id} error={error} />
    </div>
  );
}
