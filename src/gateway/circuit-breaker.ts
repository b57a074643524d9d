/**
 * One circuit breaker per provider: after `threshold` consecutive retryable failures the provider
 * is skipped for `openMs`, then one trial request is let through (half-open); a success closes it.
 * It keeps a dead provider from adding its timeout to every request while it is down.
 */
interface BreakerState {
  failures: number;
  openUntil: number;
  trialInFlight: boolean;
}

export class CircuitBreaker {
  private readonly states = new Map<string, BreakerState>();

  constructor(
    private readonly threshold = 5,
    private readonly openMs = 30_000,
  ) {}

  /** Whether a request may go to `provider` now (reserves the half-open trial). */
  allow(provider: string, now = Date.now()): boolean {
    const state = this.states.get(provider);
    if (!state || state.failures < this.threshold) return true;
    if (now < state.openUntil) return false;
    if (state.trialInFlight) return false;
    state.trialInFlight = true;
    return true;
  }

  success(provider: string): void {
    this.states.delete(provider);
  }

  failure(provider: string, now = Date.now()): void {
    const state = this.states.get(provider) ?? { failures: 0, openUntil: 0, trialInFlight: false };
    state.failures += 1;
    state.trialInFlight = false;
    if (state.failures >= this.threshold) state.openUntil = now + this.openMs;
    this.states.set(provider, state);
  }

  isOpen(provider: string, now = Date.now()): boolean {
    const state = this.states.get(provider);
    return !!state && state.failures >= this.threshold && now < state.openUntil;
  }
}
