import { useState } from 'preact/hooks';
import {
  ACTION_PARAMS,
  type ActionType,
  type ActionVariable,
  type AdminWorkflowAction,
  type VariableType,
  createWorkflowAction,
  updateWorkflowAction,
} from '../api/workflows';
import { Field, FieldError, FormButtons, FormError } from '../ui/form';
import { Select } from '../ui/select';
import { AdminTable, RowActions } from '../ui/table';
import type { EditFormProps } from '../ui/use-editor';
import { useSubmit } from '../ui/use-submit';

const MAX_VARIABLES = 5;

const PARAM_LABEL: Record<string, string> = {
  path: 'URL or path (call variables as placeholders)',
  windowName: 'Window name',
  method: 'HTTP method',
  location: 'Location',
  contentType: 'Content type',
  body: 'Body',
};

/** The choices of the params that have a fixed set of values. */
const PARAM_CHOICES: Record<string, readonly string[]> = { method: ['POST', 'PUT'], location: ['FINESSE', 'OTHER'] };

export function WorkflowActionTable({
  actions,
  onEdit,
  onDelete,
}: {
  actions: AdminWorkflowAction[];
  onEdit: (a: AdminWorkflowAction) => void;
  onDelete: (a: AdminWorkflowAction) => void;
}) {
  return (
    <AdminTable label="Workflow actions" columns={['Name', 'Type', 'Handled by', 'Params', 'Actions']}>
      {actions.map((a) => (
        <tr key={a.id} data-id={a.id}>
          <td>{a.name}</td>
          <td>{a.type}</td>
          <td>{a.handledBy}</td>
          <td>
            {Object.entries(a.params)
              .map(([name, value]) => `${name}=${value}`)
              .join('; ')}
          </td>
          <RowActions what={`action ${a.name}`} onEdit={() => onEdit(a)} onDelete={() => onDelete(a)} />
        </tr>
      ))}
    </AdminTable>
  );
}

type FormProps = EditFormProps<AdminWorkflowAction>;

/** A BROWSER_POP or HTTP_REQUEST action: its params by type, and up to five variables. */
export function WorkflowActionForm({ api, initial, onDone, onCancel }: FormProps) {
  const [name, setName] = useState(initial?.name ?? '');
  const [type, setType] = useState<ActionType>(initial?.type ?? 'BROWSER_POP');
  const [handledBy, setHandledBy] = useState(initial?.handledBy ?? 'FINESSE_DESKTOP');
  const [params, setParams] = useState<Record<string, string>>(initial?.params ?? { method: 'POST', location: 'OTHER' });
  const [variables, setVariables] = useState<ActionVariable[]>(initial?.variables ?? []);
  const save = async () => {
    const fields = { name, type, handledBy, params, variables };
    if (initial) await updateWorkflowAction(api, initial.id, fields);
    else await createWorkflowAction(api, fields);
    onDone(`Workflow action ${name} ${initial ? 'saved' : 'created'}.`);
  };
  const { busy, errors, submit } = useSubmit(save, () => ({
    name: { value: name, words: ['name'] },
    type: { value: type, words: ['type'] },
    handledBy: { value: handledBy, words: ['handledBy'] },
    ...Object.fromEntries(ACTION_PARAMS[type].map((p) => [`param-${p}`, { value: params[p] ?? '', words: [p] }])),
    variables: { value: variables.map((v) => v.name).join(','), words: ['actionVariables', 'variable', 'variables'] },
  }));
  const setVariable = (index: number, change: Partial<ActionVariable>) => setVariables(variables.map((v, i) => (i === index ? { ...v, ...change } : v)));
  return (
    <form class="admin-form" aria-label={initial ? `Edit workflow action ${initial.name}` : 'New workflow action'} onSubmit={submit} noValidate>
      <Field id="wfa-name" label="Action name" value={name} error={errors.name} onInput={setName} />
      <Select
        id="wfa-type"
        label="Action type"
        value={type}
        choices={['BROWSER_POP', 'HTTP_REQUEST']}
        error={errors.type}
        onChange={(v) => setType(v as ActionType)}
      />
      <Select
        id="wfa-handled-by"
        label="Handled by"
        value={handledBy}
        choices={['FINESSE_DESKTOP', 'OTHER']}
        error={errors.handledBy}
        onChange={(v) => setHandledBy(v as typeof handledBy)}
      />
      {ACTION_PARAMS[type].map((p) =>
        PARAM_CHOICES[p] ? (
          <Select
            key={p}
            id={`wfa-param-${p}`}
            label={PARAM_LABEL[p]!}
            value={params[p] ?? ''}
            choices={PARAM_CHOICES[p]}
            error={errors[`param-${p}`]}
            onChange={(v) => setParams({ ...params, [p]: v })}
          />
        ) : (
          <Field
            key={p}
            id={`wfa-param-${p}`}
            label={PARAM_LABEL[p]!}
            value={params[p] ?? ''}
            error={errors[`param-${p}`]}
            onInput={(v) => setParams({ ...params, [p]: v })}
          />
        ),
      )}
      <fieldset class="team-picker" aria-describedby={errors.variables ? 'wfa-variables-error' : undefined}>
        <legend>Variables</legend>
        <FieldError id="wfa-variables" error={errors.variables} />
        {variables.map((v, i) => (
          <div key={i} class="admin-form inline">
            <Field id={`wfa-var-${i}-name`} label={`Variable ${i + 1} name`} value={v.name} onInput={(name) => setVariable(i, { name })} />
            <Select
              id={`wfa-var-${i}-type`}
              label={`Variable ${i + 1} type`}
              value={v.type}
              choices={['SYSTEM', 'CUSTOM']}
              onChange={(t) => setVariable(i, { type: t as VariableType })}
            />
            <Field id={`wfa-var-${i}-node`} label={`Variable ${i + 1} node`} value={v.node} onInput={(node) => setVariable(i, { node })} />
            <Field id={`wfa-var-${i}-test`} label={`Variable ${i + 1} test value`} value={v.testValue} onInput={(testValue) => setVariable(i, { testValue })} />
            <button type="button" class="link" aria-label={`Remove variable ${i + 1}`} onClick={() => setVariables(variables.filter((_, j) => j !== i))}>
              Remove
            </button>
          </div>
        ))}
        {variables.length < MAX_VARIABLES && (
          <button type="button" class="secondary" onClick={() => setVariables([...variables, { name: '', node: '', type: 'SYSTEM', testValue: '' }])}>
            Add variable
          </button>
        )}
      </fieldset>
      <FormError error={errors.form} />
      <FormButtons busy={busy} submit={initial ? 'Save workflow action' : 'Create workflow action'} onCancel={onCancel} />
    </form>
  );
}
