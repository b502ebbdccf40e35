import { useId, useState } from 'react';
import { navigate } from '../../app/router';
import { useWorkspace } from '../../app/session-context';
import { errorMessage } from '../../pages/form-field';
import { planPath } from '../../shell/room-paths';
import { plansApi } from './plans-api';

/** Reconcile an active plan: freeze every goal's final result, complete it, optionally draft next year's. */
export function ReconcileControl({
  companyId,
  planId,
  onDone,
}: {
  companyId: string;
  planId: string;
  onDone: () => void;
}) {
  const { api } = useWorkspace();
  const id = useId();
  const [confirming, setConfirming] = useState(false);
  const [rollOver, setRollOver] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  if (!confirming)
    return (
      <button type="button" onClick={() => setConfirming(true)}>
        Reconcile plan
      </button>
    );

  const reconcile = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await api.post<{ nextPlanId: string | null }>(plansApi.reconcile(planId), { rollOver });
      setConfirming(false);
      onDone();
      if (result.nextPlanId) navigate(planPath(companyId, result.nextPlanId));
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="reconcile" role="group" aria-labelledby={`${id}-title`}>
      <p id={`${id}-title`}>Freeze the final results and complete the plan?</p>
      <label>
        <input type="checkbox" checked={rollOver} onChange={(e) => setRollOver(e.target.checked)} /> Draft
        next year’s plan with these targets
      </label>
      <button type="button" className="primary" disabled={busy} onClick={() => void reconcile()}>
        Confirm reconcile
      </button>
      <button type="button" disabled={busy} onClick={() => setConfirming(false)}>
        Cancel
      </button>
      {error !== null && (
        <p role="alert" className="form-error">
          {errorMessage(error)}
        </p>
      )}
    </div>
  );
}
