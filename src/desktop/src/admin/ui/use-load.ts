import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { errorText } from '../../session/messages';

export type Loaded<T> = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; data: T };

/**
 * Runs `load` now and whenever `deps` change or `reload()` is called; the last answer wins. `reload()`
 * settles once that answer is shown, so a form can keep what it saved until the server's copy replaces it
 * (clearing it sooner would show the answer from before the save for a moment).
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): [Loaded<T>, () => Promise<void>] {
  const [loaded, setLoaded] = useState<Loaded<T>>({ status: 'loading' });
  const [round, setRound] = useState(0);
  const waiting = useRef<(() => void)[]>([]);
  const reload = useCallback(
    () =>
      new Promise<void>((resolve) => {
        waiting.current.push(resolve);
        setRound((r) => r + 1);
      }),
    [],
  );
  // `load` is a new closure each render: `deps` say when it reads something else.
  useEffect(() => {
    let current = true;
    const settle = (next: Loaded<T>) => {
      if (!current) return;
      setLoaded(next);
      for (const resolve of waiting.current.splice(0)) resolve();
    };
    setLoaded((l) => (l.status === 'ready' ? l : { status: 'loading' }));
    load().then(
      (data) => settle({ status: 'ready', data }),
      (error: unknown) => settle({ status: 'failed', message: errorText(error) }),
    );
    return () => {
      current = false;
    };
  }, [...deps, round]);
  return [loaded, reload];
}
