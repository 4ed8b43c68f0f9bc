// Summary statistics for benchmark samples: percentiles by linear
// interpolation between closest ranks, spread and quantile grids.

/** Median, spread and count of one metric over several rounds. */
export interface Spread {
  median: number
  min: number
  max: number
  p25: number
  p75: number
  n: number
}

/** Sorts a copy ascending; NaN is dropped. */
export function sorted(values: readonly number[]): number[] {
  return values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b)
}

/**
 * The p-th percentile (0..100) of values already sorted ascending,
 * interpolating linearly between the two closest ranks (the method
 * spreadsheets call PERCENTILE.INC). NaN for an empty list.
 */
export function percentileOfSorted(values: readonly number[], p: number) {
  if (p < 0 || p > 100) throw new RangeError(`percentile ${p} not in 0..100`)
  if (values.length === 0) return NaN
  const rank = (p / 100) * (values.length - 1)
  const low = Math.floor(rank)
  const high = Math.ceil(rank)
  const weight = rank - low
  return values[low] * (1 - weight) + values[high] * weight
}

export function percentile(values: readonly number[], p: number): number {
  return percentileOfSorted(sorted(values), p)
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) return NaN
  let sum = 0
  for (const v of values) sum += v
  return sum / values.length
}

export function spread(values: readonly number[]): Spread {
  const s = sorted(values)
  return {
    median: percentileOfSorted(s, 50),
    min: s.length ? s[0] : NaN,
    max: s.length ? s[s.length - 1] : NaN,
    p25: percentileOfSorted(s, 25),
    p75: percentileOfSorted(s, 75),
    n: s.length,
  }
}

/**
 * `points + 1` evenly spaced quantiles (0%, 1/points, ..., 100%) of
 * the values: a compact, serialisable stand-in for the whole sample
 * from which a CDF can be drawn and rounds can be pooled.
 */
export function quantileGrid(values: readonly number[], points = 200) {
  const s = sorted(values)
  const grid: number[] = []
  for (let i = 0; i <= points; i++) {
    grid.push(percentileOfSorted(s, (100 * i) / points))
  }
  return grid
}

/**
 * Pools quantile grids of equally sized samples into CDF points
 * (value, cumulative fraction). Each grid point stands for the same
 * share of requests, so the union of the grids, sorted, approximates
 * the pooled distribution.
 */
export function pooledCdf(grids: readonly number[][]) {
  const all = sorted(grids.flat())
  return all.map((value, i) => ({
    value,
    fraction: all.length > 1 ? i / (all.length - 1) : 1,
  }))
}
