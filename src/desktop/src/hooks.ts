import { useEffect, useState } from 'preact/hooks';
import type { DesktopSession, DesktopState } from './session';

export function useDesktop(session: DesktopSession): DesktopState {
  const [state, setState] = useState(session.get());
  useEffect(() => {
    setState(session.get());
    return session.listen(setState);
  }, [session]);
  return state;
}

/** The current time, re-rendering every `ms`. */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}
