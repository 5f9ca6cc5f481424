/** A labelled progress bar that assistive technology reads (role="progressbar" with its value). */
export function ProgressBar({ value, label, text }: { value: number; label: string; text?: string }) {
  const clamped = Math.min(100, Math.max(0, Math.round(value)));
  return (
    <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={clamped}
      aria-valuetext={text ? `${clamped}% · ${text}` : `${clamped}%`}>
      <div className="progress-fill" style={{ width: `${clamped}%` }} />
    </div>
  );
}
