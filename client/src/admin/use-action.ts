import { useCallback, useState } from 'react';

/** One button's or form's write: busy while it runs, its error kept for display, its success message too. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = useCallback(async (work: () => Promise<string | void>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const message = await work();
      if (message) setDone(message);
      return true;
    } catch (reason) {
      setError(reason);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, done, run };
}
