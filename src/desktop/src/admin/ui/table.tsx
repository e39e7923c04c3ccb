import type { ComponentChildren } from 'preact';
import { DeleteButton } from './form';
import type { Editor } from './use-editor';

/** A section's table: its column headers, then the rows given. */
export function AdminTable({ label, columns, children }: { label: string; columns: readonly string[]; children: ComponentChildren }) {
  return (
    <table class="admin-table" aria-label={label}>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

interface RowActionsProps {
  /** How the buttons name the row: `Edit ${what}`, `Delete ${what}`. */
  what: string;
  onEdit: () => void;
  /** Without it the row cannot be deleted. */
  onDelete?: (() => void) | undefined;
  /** Buttons before Edit. */
  leading?: ComponentChildren;
  /** Buttons between Edit and Delete. */
  children?: ComponentChildren;
}

/** The last cell of a row: Edit, the row's own buttons, Delete. */
export function RowActions({ what, onEdit, onDelete, leading, children }: RowActionsProps) {
  return (
    <td class="row-actions">
      {leading}
      <button type="button" class="secondary" aria-label={`Edit ${what}`} onClick={onEdit}>
        Edit
      </button>
      {children}
      {onDelete && <DeleteButton what={what} onDelete={onDelete} />}
    </td>
  );
}

/** The button that opens the form on a new item, while the form is closed. */
export function NewButton<T>({ editor, label }: { editor: Editor<T>; label: string }) {
  if (editor.isOpen) return null;
  return (
    <button type="button" class="primary" onClick={() => editor.edit('new')}>
      {label}
    </button>
  );
}
