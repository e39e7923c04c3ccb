import { type AdminWorkflowAction, deleteWorkflow, deleteWorkflowAction } from '../api/workflows';
import type { SectionProps } from '../section';
import { LoadView, StatusLine } from '../ui/form';
import { AdminTable, RowActions } from '../ui/table';
import { teamNames } from '../ui/team-names';
import { useEditor } from '../ui/use-editor';
import { useLoad } from '../ui/use-load';
import { WorkflowActionForm, WorkflowActionTable } from './workflow-actions';
import { type WorkflowData, type WorkflowRow, loadWorkflowData } from './workflow-data';
import { WorkflowForm } from './workflow-form';

/** The form open on an action or a workflow, the item null for a new one. */
type Editing = { kind: 'action'; item: AdminWorkflowAction | null } | { kind: 'workflow'; item: WorkflowRow | null };

/** Workflow actions (browser pops, HTTP requests) and the workflows that run them, with their teams. */
export function WorkflowsSection({ api }: SectionProps) {
  const [loaded, reload] = useLoad(() => loadWorkflowData(api), [api]);
  const editor = useEditor<Editing>(reload);
  const editing = editor.initial;
  const remove = (what: string, run: () => Promise<void>) => editor.remove(run, what, `${what} deleted.`);
  return (
    <section aria-label="Workflows">
      <p class="muted">A workflow runs its actions, in order, when its trigger fires and its conditions hold, for the agents of its teams.</p>
      <StatusLine text={editor.status} />
      {!editor.isOpen && (
        <div class="form-buttons">
          <button type="button" class="primary" onClick={() => editor.edit({ kind: 'workflow', item: null })}>
            New workflow
          </button>
          <button type="button" class="secondary" onClick={() => editor.edit({ kind: 'action', item: null })}>
            New workflow action
          </button>
        </div>
      )}
      {editing?.kind === 'action' && <WorkflowActionForm api={api} initial={editing.item} onDone={editor.done} onCancel={editor.cancel} />}
      {editing?.kind === 'workflow' && loaded.status === 'ready' && (
        <WorkflowForm api={api} data={loaded.data} initial={editing.item} onDone={editor.done} onCancel={editor.cancel} />
      )}
      <h2>Workflows</h2>
      <LoadView loaded={loaded} empty="No workflows yet." isEmpty={(d) => d.workflows.length === 0}>
        {(d) => (
          <WorkflowTable
            data={d}
            onEdit={(w) => editor.edit({ kind: 'workflow', item: w })}
            onDelete={(w) => remove(`Workflow ${w.name}`, () => deleteWorkflow(api, w.id))}
          />
        )}
      </LoadView>
      <h2>Workflow actions</h2>
      <LoadView loaded={loaded} empty="No workflow actions yet." isEmpty={(d) => d.actions.length === 0}>
        {(d) => (
          <WorkflowActionTable
            actions={d.actions}
            onEdit={(a) => editor.edit({ kind: 'action', item: a })}
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
    <AdminTable label="Workflows" columns={['Name', 'Trigger', 'Conditions', 'Actions run', 'Teams', 'Actions']}>
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
          <RowActions what={`workflow ${w.name}`} onEdit={() => onEdit(w)} onDelete={() => onDelete(w)} />
        </tr>
      ))}
    </AdminTable>
  );
}
