/** A ring gauge for a 0..100 completion, exposed to assistive tech as a progress bar. */
export function Gauge({ value, label, size = 64 }: { value: number; label: string; size?: number }) {
  const pct = Math.max(0, Math.min(100, Math.round(value)));
  const radius = 26;
  const circumference = 2 * Math.PI * radius;
  return (
    <div
      className="gauge"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
      style={{ width: size, height: size }}
    >
      <svg viewBox="0 0 64 64" width={size} height={size} aria-hidden="true">
        <circle cx="32" cy="32" r={radius} className="gauge-track" />
        <circle
          cx="32"
          cy="32"
          r={radius}
          className="gauge-fill"
          strokeDasharray={circumference}
          strokeDashoffset={circumference * (1 - pct / 100)}
          transform="rotate(-90 32 32)"
        />
      </svg>
      <span className="gauge-value" aria-hidden="true">
        {pct}%
      </span>
    </div>
  );
}

export function ProgressBar({ value, label }: { value: number; label: string }) {
  const pct = Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
    >
      <div className="progress-fill" style={{ width: `${pct}%` }} />
      <span className="progress-value">{pct}%</span>
    </div>
  );
}
