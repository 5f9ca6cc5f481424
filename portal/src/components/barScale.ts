/**
 * The length of a bar for a value, out of `span`, on a scale that reaches `span` at the largest value or at `floor`,
 * whichever is larger: zero (or less) is no bar, and a tiny value next to nothing else stays tiny instead of filling the
 * chart.
 */
export function barLength(value: number, largest: number, span: number, floor = 0): number {
  if (!(value > 0)) return 0;
  const top = Math.max(largest, floor);
  return top > 0 ? (span * value) / top : 0;
}
