/**
 * One line of `npm run bench`: our figure beside a baseline's, measured in the same run on the
 * same machine, with how it was measured. Every area's bench (bench/<area>.ts) returns these.
 */
export interface BenchRow {
  /** What is measured, e.g. "page scan, 2 MB text: time". */
  metric: string;
  /** Our figure. */
  ours: number;
  /** The baseline's figure from the same run, or null when there is nothing to compare with. */
  baseline: number | null;
  /** Unit of both figures, e.g. "ms", "numbers", "ops/s". */
  unit: string;
  /** How it was measured: input, repetitions, what the baseline is. */
  method: string;
}
