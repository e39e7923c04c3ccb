import { useCallback, useEffect, useState } from 'preact/hooks';
import { errorText } from '../../session/messages';

export type Loaded<T> = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; data: T };

/** Runs `load` now and whenever `deps` change or `reload()` is called; the last answer wins. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): [Loaded<T>, () => void] {
  const [loaded, setLoaded] = useState<Loaded<T>>({ status: 'loading' });
  const [round, setRound] = useState(0);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  // `load` is a new closure each render: `deps` say when it reads something else.
  useEffect(() => {
    let current = true;
    setLoaded((l) => (l.status === 'ready' ? l : { status: 'loading' }));
    load().then(
      (data) => current && setLoaded({ status: 'ready', data }),
      (error: unknown) => current && setLoaded({ status: 'failed', message: errorText(error) }),
    );
    return () => {
      current = false;
    };
  }, [...deps, round]);
  return [loaded, reload];
}
