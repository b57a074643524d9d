/**
 * Latency distributions as weighted quantile points, so short interleaved runs can be pooled into
 * one distribution per target (each run weighs by its request count) before percentiles are read.
 */

/** A latency distribution: `points` are quantile values, each standing for `mass` of the requests. */
export interface Distribution {
  requests: number;
  meanUs: number;
  maxUs: number;
  points: Array<{ valueUs: number; mass: number }>;
}

/**
 * The quantiles a run reports (in percent, wrk's convention): every 0.1 % up to 99 %, then every
 * 0.01 % (so p99.9 is resolved). Masses sum to 1.
 */
export function quantilePoints(): Array<{ q: number; mass: number }> {
  const points: Array<{ q: number; mass: number }> = [];
  for (let index = 0; index < 990; index++) points.push({ q: Math.round((index * 0.1 + 0.05) * 1000) / 1000, mass: 0.001 });
  for (let index = 0; index < 100; index++) points.push({ q: Math.round((99 + index * 0.01 + 0.005) * 1000) / 1000, mass: 0.0001 });
  return points;
}

/** Exact samples (e.g. from the TTFB client) as a distribution. */
export function distributionOf(samplesUs: number[]): Distribution {
  const sorted = [...samplesUs].sort((a, b) => a - b);
  const mass = sorted.length ? 1 / sorted.length : 0;
  const sum = sorted.reduce((total, value) => total + value, 0);
  return { requests: sorted.length, meanUs: sorted.length ? sum / sorted.length : 0, maxUs: sorted.at(-1) ?? 0, points: sorted.map((valueUs) => ({ valueUs, mass })) };
}

/** Pools distributions, weighting each by its request count. */
export function pool(distributions: Distribution[]): Distribution {
  const requests = distributions.reduce((total, d) => total + d.requests, 0);
  const points = distributions.flatMap((d) => d.points.map((p) => ({ valueUs: p.valueUs, mass: (p.mass * d.requests) / Math.max(1, requests) })));
  points.sort((a, b) => a.valueUs - b.valueUs);
  const meanUs = distributions.reduce((total, d) => total + d.meanUs * d.requests, 0) / Math.max(1, requests);
  return { requests, meanUs, maxUs: Math.max(0, ...distributions.map((d) => d.maxUs)), points };
}

/** The value below which `percent` % of the requests fall. */
export function percentile(distribution: Distribution, percent: number): number {
  const target = percent / 100;
  let seen = 0;
  for (const point of distribution.points) {
    seen += point.mass;
    if (seen >= target - 1e-9) return point.valueUs;
  }
  return distribution.points.at(-1)?.valueUs ?? 0;
}

export interface Summary {
  requests: number;
  p50Us: number;
  p99Us: number;
  p999Us: number;
  meanUs: number;
}

export function summarize(distribution: Distribution): Summary {
  return {
    requests: distribution.requests,
    p50Us: Math.round(percentile(distribution, 50)),
    p99Us: Math.round(percentile(distribution, 99)),
    p999Us: Math.round(percentile(distribution, 99.9)),
    meanUs: Math.round(distribution.meanUs),
  };
}

/** Percentiles of a distribution at fixed points, for the latency chart. */
export function curve(distribution: Distribution, percents = [1, 5, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9]): Array<{ percent: number; valueUs: number }> {
  return percents.map((percent) => ({ percent, valueUs: Math.round(percentile(distribution, percent)) }));
}
