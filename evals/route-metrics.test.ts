import { describe, expect, test } from 'bun:test';
import { extractFeatures } from '../src/classifier/extract-features.ts';
import { DEFAULT_ESCALATE_BELOW_CONFIDENCE } from '../src/config/load-config.ts';
import { computeRoutingMetrics, type RoutedCase } from './route-metrics.ts';

const features = extractFeatures({ protocol: 'openai', body: { model: 'auto', messages: [{ role: 'user', content: 'the login form submits twice when I press enter, fix it' }] } });
const gold = { taskType: 'bug_fix', complexity: 'medium', phase: 'editing' } as const;
const unsure: RoutedCase = { gold, predicted: { ...gold, confidence: DEFAULT_ESCALATE_BELOW_CONFIDENCE / 2, classifier: 'onnx', agent: features.agent }, features, maxOutputTokens: 1024 };
const sure: RoutedCase = { ...unsure, predicted: { ...unsure.predicted, confidence: 0.99 } };

describe('routing metrics use the router as deployed', () => {
  test('by default a low-confidence decision escalates one tier, as the gateway does', () => {
    expect(computeRoutingMetrics([unsure]).overRoutingRate).toBe(1);
    expect(computeRoutingMetrics([sure]).overRoutingRate).toBe(0);
  });

  test('an explicit threshold (the escalation sweep) overrides the default', () => {
    expect(computeRoutingMetrics([unsure], 'balanced', 0).overRoutingRate).toBe(0);
    expect(computeRoutingMetrics([unsure], 'balanced', 0).underRoutingRate).toBe(0);
  });

  test('an escalated request costs more than the same request routed at its own tier', () => {
    expect(computeRoutingMetrics([unsure]).routedCostUsd).toBeGreaterThan(computeRoutingMetrics([sure]).routedCostUsd);
  });
});
