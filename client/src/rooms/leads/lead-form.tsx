import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useWorkspace } from '../../app/session-context';
import { Field, FormError, fieldErrors } from '../../pages/form-field';
import { checkableDomain, label } from './lead-rules';
import type { Lead } from './leads-types';

const CHECK_DELAY_MS = 400;

interface CheckResult {
  conflict: boolean;
  matches?: Array<{
    leadId: string;
    companyName: string;
    customerName: string;
    status: string;
    reasons: string[];
  }>;
}

/**
 * Registering a lead. While the domain is typed the server is asked (debounced) whether another
 * registration holds the customer; partners learn only that there is one, vendor staff also see which.
 */
export function LeadForm({
  companyId,
  onCreated,
  onCancel,
}: {
  companyId: string;
  onCreated: (lead: Lead) => void;
  onCancel: () => void;
}) {
  const { api } = useWorkspace();
  const [form, setForm] = useState({
    customerName: '',
    customerDomain: '',
    country: '',
    contactName: '',
    contactEmail: '',
    contactPhone: '',
    products: '',
    amount: '',
    currency: 'EUR',
    notes: '',
  });
  const [check, setCheck] = useState<{ state: 'idle' | 'checking' | 'done'; result?: CheckResult }>({
    state: 'idle',
  });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const latest = useRef(0);
  const set = (key: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));

  useEffect(() => {
    if (!checkableDomain(form.customerDomain)) {
      setCheck({ state: 'idle' });
      return;
    }
    const ticket = ++latest.current;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setCheck({ state: 'checking' });
      api
        .request<CheckResult>('POST', '/leads/check', {
          body: {
            companyId,
            customerDomain: form.customerDomain,
            ...(form.customerName.trim() ? { customerName: form.customerName.trim() } : {}),
          },
          signal: controller.signal,
        })
        .then(
          (result) => ticket === latest.current && setCheck({ state: 'done', result }),
          () => ticket === latest.current && setCheck({ state: 'idle' }),
        );
    }, CHECK_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [api, companyId, form.customerDomain, form.customerName]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const products = form.products
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean);
      const lead = await api.post<Lead>('/leads', {
        companyId,
        customerName: form.customerName,
        customerDomain: form.customerDomain,
        country: form.country.trim().toUpperCase(),
        contactName: form.contactName,
        contactEmail: form.contactEmail,
        ...(form.contactPhone.trim() ? { contactPhone: form.contactPhone.trim() } : {}),
        ...(products.length ? { products } : {}),
        estimatedValue: { amount: form.amount.trim(), currency: form.currency.trim().toUpperCase() },
        ...(form.notes.trim() ? { notes: form.notes } : {}),
      });
      onCreated(lead);
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  };

  const problems = fieldErrors(error);
  const conflict = check.state === 'done' && check.result?.conflict;

  return (
    <form className="lead-form" onSubmit={submit} noValidate>
      <h2>Register a lead</h2>
      <div className="form-grid">
        <Field
          label="Customer name"
          value={form.customerName}
          onChange={(e) => set('customerName')(e.target.value)}
          error={problems.customerName}
          required
        />
        <div>
          <Field
            label="Customer domain"
            value={form.customerDomain}
            onChange={(e) => set('customerDomain')(e.target.value)}
            error={problems.customerDomain}
            placeholder="acme.com"
            aria-describedby="domain-check"
            required
          />
          <p id="domain-check" className="check-status" role="status" aria-live="polite">
            {check.state === 'checking' && 'Checking for other registrations…'}
            {check.state === 'done' && !conflict && 'No other registration of this customer found.'}
          </p>
        </div>
        <Field
          label="Country (2 letters)"
          value={form.country}
          maxLength={2}
          onChange={(e) => set('country')(e.target.value)}
          error={problems.country}
          placeholder="DE"
          required
        />
        <Field
          label="Contact name"
          value={form.contactName}
          onChange={(e) => set('contactName')(e.target.value)}
          error={problems.contactName}
          required
        />
        <Field
          label="Contact email"
          type="email"
          value={form.contactEmail}
          onChange={(e) => set('contactEmail')(e.target.value)}
          error={problems.contactEmail}
          required
        />
        <Field
          label="Contact phone"
          value={form.contactPhone}
          onChange={(e) => set('contactPhone')(e.target.value)}
          error={problems.contactPhone}
        />
        <Field
          label="Products (comma-separated)"
          value={form.products}
          onChange={(e) => set('products')(e.target.value)}
          error={problems.products}
        />
        <Field
          label="Estimated value"
          inputMode="decimal"
          value={form.amount}
          onChange={(e) => set('amount')(e.target.value)}
          error={problems['estimatedValue.amount'] ?? problems.estimatedValue}
          placeholder="25000.00"
          required
        />
        <Field
          label="Currency"
          value={form.currency}
          maxLength={3}
          onChange={(e) => set('currency')(e.target.value)}
          error={problems['estimatedValue.currency']}
          required
        />
      </div>
      {conflict && (
        <div className="conflict-warning" role="alert">
          <strong>Possible conflict:</strong> this customer is already registered. You can still submit; the
          vendor decides which registration stands.
          {check.result?.matches && check.result.matches.length > 0 && (
            <ul>
              {check.result.matches.map((m) => (
                <li key={m.leadId}>
                  {m.customerName} — {m.companyName} ({label(m.status)}; matches {m.reasons.join(', ')})
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div className="field">
        <label htmlFor="lead-notes">Notes</label>
        <textarea
          id="lead-notes"
          rows={3}
          value={form.notes}
          onChange={(e) => set('notes')(e.target.value)}
        />
      </div>
      <FormError error={error} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          Submit lead
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
