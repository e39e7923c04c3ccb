import { useState } from 'preact/hooks';
import { type AuditEntry, type AuditFilter, readAudit } from '../api/audit';
import type { SectionProps } from '../section';
import { FormError } from '../ui/form';
import { AdminTable } from '../ui/table';
import { errorText } from '../../session/messages';
import { useLoad } from '../ui/use-load';

/** What changed, as the log keeps it: the before and after of the item, as JSON. */
function Change({ entry }: { entry: AuditEntry }) {
  return (
    <details>
      <summary>Before and after</summary>
      <pre>{JSON.stringify({ before: entry.before, after: entry.after }, null, 2)}</pre>
    </details>
  );
}

/** The audit log of configuration changes (read-only), newest first, filtered by actor and resource, page by page. */
export function AuditLogSection({ api }: SectionProps) {
  const [filter, setFilter] = useState<AuditFilter>({});
  const [actor, setActor] = useState('');
  const [resource, setResource] = useState('');
  const [older, setOlder] = useState<{ entries: AuditEntry[]; nextCursor: string | null } | null>(null);
  const [olderError, setOlderError] = useState('');
  const [loaded] = useLoad(() => readAudit(api, filter), [api, filter]);
  const first = loaded.status === 'ready' ? loaded.data : null;
  const entries = [...(first?.entries ?? []), ...(older?.entries ?? [])];
  const next = older ? older.nextCursor : (first?.nextCursor ?? null);
  const apply = (e: Event) => {
    e.preventDefault();
    setOlder(null);
    setFilter({ ...(actor.trim() ? { actor: actor.trim() } : {}), ...(resource.trim() ? { resource: resource.trim() } : {}) });
  };
  const more = () =>
    next &&
    readAudit(api, { ...filter, cursor: next }).then(
      (page) => {
        setOlderError('');
        setOlder({ entries: [...(older?.entries ?? []), ...page.entries], nextCursor: page.nextCursor });
      },
      (error: unknown) => setOlderError(errorText(error)),
    );
  return (
    <section aria-label="Audit log">
      <form class="admin-form inline" aria-label="Audit log filter" onSubmit={apply}>
        <label for="audit-actor">Actor</label>
        <input id="audit-actor" value={actor} onInput={(e) => setActor(e.currentTarget.value)} />
        <label for="audit-resource">Resource</label>
        <input id="audit-resource" value={resource} placeholder="ReasonCode, PhoneBook, …" onInput={(e) => setResource(e.currentTarget.value)} />
        <button type="submit" class="secondary">
          Filter
        </button>
      </form>
      {loaded.status === 'loading' && (
        <p class="muted" role="status" aria-busy="true">
          Loading…
        </p>
      )}
      {loaded.status === 'failed' && <FormError error={`Could not load: ${loaded.message}`} />}
      {loaded.status === 'ready' && entries.length === 0 && <p class="muted empty">No changes recorded.</p>}
      {entries.length > 0 && <AuditTable entries={entries} />}
      <FormError error={olderError} />
      {next && (
        <button type="button" class="secondary" onClick={() => void more()}>
          Older entries
        </button>
      )}
    </section>
  );
}

function AuditTable({ entries }: { entries: AuditEntry[] }) {
  return (
    <AdminTable label="Audit log" columns={['When', 'Actor', 'Action', 'Resource', 'Id', 'Change']}>
      {entries.map((e) => (
        <tr key={e.id}>
          <td>{new Date(e.at).toLocaleString()}</td>
          <td>{e.actor}</td>
          <td>{e.action}</td>
          <td>{e.resource}</td>
          <td>{e.resourceId}</td>
          <td>
            <Change entry={e} />
          </td>
        </tr>
      ))}
    </AdminTable>
  );
}
