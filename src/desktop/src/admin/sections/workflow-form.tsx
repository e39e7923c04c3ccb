import { useState } from 'preact/hooks';
import { setItemTeams } from '../api/teams';
import { COMPARATORS, TRIGGERS, type VariableType, type WorkflowCondition, createWorkflow, updateWorkflow } from '../api/workflows';
import { CheckField, Field, FieldError, FormButtons, FormError, TeamPicker } from '../ui/form';
import { Select } from '../ui/select';
import { assignTeams } from '../ui/team-names';
import type { EditFormProps } from '../ui/use-editor';
import { useSubmit } from '../ui/use-submit';
import type { WorkflowData, WorkflowRow } from './workflow-data';

const MAX_CONDITIONS = 5;
const MAX_ACTIONS = 5;

interface FormProps extends EditFormProps<WorkflowRow> {
  data: WorkflowData;
}

/** A workflow: name, description, trigger, conditions, the actions it runs in order, and its teams. */
export function WorkflowForm({ api, data, initial, onDone, onCancel }: FormProps) {
  const [name, setName] = useState(initial?.name ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [trigger, setTrigger] = useState(initial?.trigger ?? 'CALL_ARRIVES');
  const [allowOverlapping, setAllowOverlapping] = useState(initial?.allowOverlapping ?? false);
  const [applyMethod, setApplyMethod] = useState(initial?.applyMethod ?? 'ALL');
  const [conditions, setConditions] = useState<WorkflowCondition[]>(initial?.conditions ?? []);
  const [actionIds, setActionIds] = useState(initial?.actionIds ?? []);
  const [teamIds, setTeamIds] = useState(initial?.teamIds ?? []);
  const save = async () => {
    const fields = { name, description, trigger, allowOverlapping, applyMethod, conditions, actionIds };
    let id = initial?.id ?? '';
    if (initial) await updateWorkflow(api, initial.id, fields);
    else id = await createWorkflow(api, fields);
    await assignTeams(() => setItemTeams(api, 'Workflow', id, initial?.teamIds ?? [], teamIds));
    onDone(`Workflow ${name} ${initial ? 'saved' : 'created'}.`);
  };
  const { busy, errors, submit } = useSubmit(save, () => ({
    name: { value: name, words: ['name'] },
    description: { value: description, words: ['description'] },
    trigger: { value: trigger, words: ['trigger', 'TriggerSet'] },
    applyMethod: { value: applyMethod, words: ['applyMethod'] },
    conditions: { value: conditions.map((c) => c.value).join(','), words: ['condition', 'conditions', 'comparator', 'value', 'Variable'] },
    actions: { value: actionIds.join(','), words: ['action', 'actions', 'workflowActions', 'WorkflowAction'] },
  }));
  const setCondition = (index: number, change: Partial<WorkflowCondition>) => setConditions(conditions.map((c, i) => (i === index ? { ...c, ...change } : c)));
  return (
    <form class="admin-form" aria-label={initial ? `Edit workflow ${initial.name}` : 'New workflow'} onSubmit={submit} noValidate>
      <Field id="wf-name" label="Workflow name" value={name} error={errors.name} onInput={setName} />
      <Field id="wf-description" label="Description" value={description} error={errors.description} onInput={setDescription} />
      <Select id="wf-trigger" label="Trigger" value={trigger} choices={TRIGGERS} error={errors.trigger} onChange={setTrigger} />
      <CheckField id="wf-overlapping" label="Run also while another call's workflow runs" checked={allowOverlapping} onChange={setAllowOverlapping} />
      <fieldset class="team-picker" aria-describedby={errors.conditions ? 'wf-conditions-error' : undefined}>
        <legend>Conditions</legend>
        <FieldError id="wf-conditions" error={errors.conditions} />
        <Select
          id="wf-apply-method"
          label="Apply when"
          value={applyMethod}
          choices={['ALL', 'ANY']}
          error={errors.applyMethod}
          onChange={(v) => setApplyMethod(v as 'ALL' | 'ANY')}
        />
        {conditions.map((c, i) => (
          <div key={i} class="admin-form inline">
            <Field id={`wf-cond-${i}-name`} label={`Condition ${i + 1} variable`} value={c.name} onInput={(v) => setCondition(i, { name: v })} />
            <Select
              id={`wf-cond-${i}-type`}
              label={`Condition ${i + 1} variable type`}
              value={c.type}
              choices={['SYSTEM', 'CUSTOM']}
              onChange={(v) => setCondition(i, { type: v as VariableType })}
            />
            <Select
              id={`wf-cond-${i}-comparator`}
              label={`Condition ${i + 1} comparator`}
              value={c.comparator}
              choices={COMPARATORS}
              onChange={(v) => setCondition(i, { comparator: v })}
            />
            {c.comparator !== 'IS_EMPTY' && c.comparator !== 'IS_NOT_EMPTY' && (
              <Field id={`wf-cond-${i}-value`} label={`Condition ${i + 1} value`} value={c.value} onInput={(v) => setCondition(i, { value: v })} />
            )}
            <button type="button" class="link" aria-label={`Remove condition ${i + 1}`} onClick={() => setConditions(conditions.filter((_, j) => j !== i))}>
              Remove
            </button>
          </div>
        ))}
        {conditions.length < MAX_CONDITIONS && (
          <button
            type="button"
            class="secondary"
            onClick={() => setConditions([...conditions, { name: '', node: '', type: 'SYSTEM', comparator: 'IS_EQUAL', value: '' }])}
          >
            Add condition
          </button>
        )}
      </fieldset>
      <ActionList data={data} actionIds={actionIds} onChange={setActionIds} error={errors.actions} />
      <TeamPicker id="wf-team" legend="Teams" teams={data.teams} selected={teamIds} onChange={setTeamIds} />
      <FormError error={errors.form} />
      <FormButtons busy={busy} submit={initial ? 'Save workflow' : 'Create workflow'} onCancel={onCancel} />
    </form>
  );
}

/** The actions a workflow runs, in order: add from the actions not yet in it, move up, remove. */
function ActionList({
  data,
  actionIds,
  onChange,
  error,
}: {
  data: WorkflowData;
  actionIds: string[];
  onChange: (ids: string[]) => void;
  error?: string | undefined;
}) {
  const [adding, setAdding] = useState('');
  const name = (id: string) => data.actions.find((a) => a.id === id)?.name ?? id;
  const available = data.actions.filter((a) => !actionIds.includes(a.id));
  const moveUp = (i: number) => onChange(actionIds.map((id, j) => (j === i - 1 ? actionIds[i]! : j === i ? actionIds[i - 1]! : id)));
  return (
    <fieldset class="team-picker" aria-describedby={error ? 'wf-actions-error' : undefined}>
      <legend>Actions, in the order they run</legend>
      <FieldError id="wf-actions" error={error} />
      <ol aria-label="Actions of the workflow">
        {actionIds.map((id, i) => (
          <li key={id}>
            {name(id)}{' '}
            {i > 0 && (
              <button type="button" class="link" aria-label={`Move ${name(id)} up`} onClick={() => moveUp(i)}>
                Up
              </button>
            )}
            <button type="button" class="link" aria-label={`Remove ${name(id)} from the workflow`} onClick={() => onChange(actionIds.filter((x) => x !== id))}>
              Remove
            </button>
          </li>
        ))}
      </ol>
      {actionIds.length < MAX_ACTIONS && available.length > 0 && (
        <div class="admin-form inline">
          <label for="wf-add-action">Action to add</label>
          <select id="wf-add-action" value={adding} onChange={(e) => setAdding(e.currentTarget.value)}>
            <option value="">Choose an action…</option>
            {available.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} ({a.type})
              </option>
            ))}
          </select>
          <button
            type="button"
            class="secondary"
            disabled={adding === ''}
            onClick={() => {
              onChange([...actionIds, adding]);
              setAdding('');
            }}
          >
            Add action
          </button>
        </div>
      )}
    </fieldset>
  );
}
