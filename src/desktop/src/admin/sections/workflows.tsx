import { useState } from 'preact/hooks';
import { errorText } from '../../session/messages';
import { type AdminWorkflowAction, deleteWorkflow, deleteWorkflowAction } from '../api/workflows';
import type { SectionProps } from '../section';
import { DeleteButton, LoadView, StatusLine } from '../ui/form';
import { teamNames } from '../ui/team-names';
import { useLoad } from '../ui/use-load';
import { WorkflowActionForm, WorkflowActionTable } from './workflow-actions';
import { type WorkflowData, type WorkflowRow, loadWorkflowData } from './workflow-data';
import { WorkflowForm } from './workflow-form';

type Editing = { kind: 'action'; item: AdminWorkflowAction | null } | { kind: 'workflow'; item: WorkflowRow | null } | null;

/** Workflow actions (browser pops, HTTP requests) and the workflows that run them, with their teams. */
export function WorkflowsSection({ api }: SectionProps) {
  const [loaded, reload] = useLoad(() => loadWorkflowData(api), [api]);
  const [editing, setEditing] = useState<Editing>(null);
  const [status, setStatus] = useState('');
  const edit = (next: Editing) => {
    setStatus('');
    setEditing(next);
  };
  const done = (message: string) => {
    setEditing(null);
    setStatus(message);
    reload();
  };
  const remove = (what: string, run: () => Promise<void>) =>
    run().then(
      () => done(`${what} deleted.`),
      (error: unknown) => setStatus(`Deleting ${what} failed: ${errorText(error)}`),
    );
  const cancel = () => setEditing(null);
  return (
    <section aria-label="Workflows">
      <p class="muted">A workflow runs its actions, in order, when its trigger fires and its conditions hold, for the agents of its teams.</p>
      <StatusLine text={status} />
      {editing === null && (
        <div class="form-buttons">
          <button type="button" class="primary" onClick={() => edit({ kind: 'workflow', item: null })}>
            New workflow
          </button>
          <button type="button" class="secondary" onClick={() => edit({ kind: 'action', item: null })}>
            New workflow action
          </button>
        </div>
      )}
      {editing?.kind === 'action' && <WorkflowActionForm api={api} initial={editing.item} onDone={done} onCancel={cancel} />}
      {editing?.kind === 'workflow' && loaded.status === 'ready' && (
        <WorkflowForm api={api} data={loaded.data} initial={editing.item} onDone={done} onCancel={cancel} />
      )}
      <h2>Workflows</h2>
      <LoadView loaded={loaded} empty="No workflows yet." isEmpty={(d) => d.workflows.length === 0}>
        {(d) => (
          <WorkflowTable
            data={d}
            onEdit={(w) => edit({ kind: 'workflow', item: w })}
            onDelete={(w) => remove(`Workflow ${w.name}`, () => deleteWorkflow(api, w.id))}
          />
        )}
      </LoadView>
      <h2>Workflow actions</h2>
      <LoadView loaded={loaded} empty="No workflow actions yet." isEmpty={(d) => d.actions.length === 0}>
        {(d) => (
          <WorkflowActionTable
            actions={d.actions}
            onEdit={(a) => edit({ kind: 'action', item: a })}
            onDelete={(a) => remove(`Workflow action ${a.name}`, () => deleteWorkflowAction(api, a.id))}
          />
        )}
      </LoadView>
    </section>
  );
}

function WorkflowTable({ data, onEdit, onDelete }: { data: WorkflowData; onEdit: (w: WorkflowRow) => void; onDelete: (w: WorkflowRow) => void }) {
  const actionName = (id: string) => data.actions.find((a) => a.id === id)?.name ?? id;
  return (
    <table class="admin-table" aria-label="Workflows">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Trigger</th>
          <th scope="col">Conditions</th>
          <th scope="col">Actions run</th>
          <th scope="col">Teams</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {data.workflows.map((w) => (
          <tr key={w.id} data-id={w.id}>
            <td>{w.name}</td>
            <td>{w.trigger}</td>
            <td>
              {w.conditions.length === 0
                ? 'None'
                : w.conditions.map((c) => `${c.name} ${c.comparator} ${c.value}`.trim()).join(w.applyMethod === 'ALL' ? ' and ' : ' or ')}
            </td>
            <td>{w.actionIds.map(actionName).join(', ')}</td>
            <td>{teamNames(data.teams, w.teamIds)}</td>
            <td class="row-actions">
              <button type="button" class="secondary" aria-label={`Edit workflow ${w.name}`} onClick={() => onEdit(w)}>
                Edit
              </button>
              <DeleteButton what={`workflow ${w.name}`} onDelete={() => onDelete(w)} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
