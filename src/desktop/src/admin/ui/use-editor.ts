import { useState } from 'preact/hooks';
import type { AdminApi } from '../api/admin-api';
import { errorText } from '../../session/messages';

/** A section's form (open on an item, on a new one, or closed) and the status line of its last change. */
export interface Editor<T> {
  isOpen: boolean;
  /** The item the form edits; null for a new one. */
  initial: T | null;
  status: string;
  /** Opens the form on `item` and clears the last status. */
  edit: (item: T | 'new') => void;
  cancel: () => void;
  /** Closes the form, shows `message` and reloads the section. */
  done: (message: string) => void;
  /** Runs a change from the table: `done(success)`, or `failure: why` in the status line. */
  change: (run: () => Promise<unknown>, success: string, failure: string) => Promise<void>;
  /** A delete as `change`, its failure `Deleting ${name} failed`. */
  remove: (run: () => Promise<unknown>, name: string, deleted: string) => Promise<void>;
}

export function useEditor<T>(reload: () => void): Editor<T> {
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  const [status, setStatus] = useState('');
  const done = (message: string) => {
    setEditing(null);
    setStatus(message);
    reload();
  };
  const change = (run: () => Promise<unknown>, success: string, failure: string) =>
    run().then(
      () => done(success),
      (error: unknown) => setStatus(`${failure}: ${errorText(error)}`),
    );
  return {
    isOpen: editing !== null,
    initial: editing === 'new' ? null : editing,
    status,
    edit: (item) => {
      setStatus('');
      setEditing(item);
    },
    cancel: () => setEditing(null),
    done,
    change,
    remove: (run, name, deleted) => change(run, deleted, `Deleting ${name} failed`),
  };
}

/** What a section's form is given: the item it edits (null for a new one), and how it closes. */
export interface EditFormProps<T> {
  api: AdminApi;
  initial: T | null;
  onDone: (message: string) => void;
  onCancel: () => void;
}
