/**
 * What the guard decides for one tool call, from one native policy: allow, deny, hide, rate-limited
 * (with when to retry) or needs-approval, each naming the rule that decided (a JSON pointer into
 * the policy) and its reason. No I/O: time comes in as an argument and rate-limit counts live in
 * the limiter handed in (shared across policy reloads and, over HTTP, across an identity's sessions).
 */
import type { RateLimit } from '../model.js';
import { ownEntry, type Policy, type PolicyRule } from '../policy/policy-model.js';
import { pointer } from '../policy/validate-policy.js';
import { SlidingWindowLimiter } from './rate-limiter.js';

export type GuardDecision =
  | { kind: 'allow'; rule: string; reason: string }
  | { kind: 'deny'; rule: string; reason: string }
  | { kind: 'hide'; rule: string; reason: string }
  | { kind: 'rate-limited'; rule: string; reason: string; retryAfterMs: number; limit: RateLimit }
  | { kind: 'needs-approval'; rule: string; reason: string };

export type GuardDecisionKind = GuardDecision['kind'];

/** The rule named when the engine itself failed: the call is denied. */
export const ENGINE_ERROR_RULE = 'engine-error';

const DEFAULT_REASONS = {
  allow: 'allowed by the policy',
  deny: 'denied by the policy',
  hide: 'hidden by the policy',
  approval: "every call needs a person's approval",
  defaultDeny: 'the policy allows only the tools it lists (default: deny)',
  defaultAllow: 'the policy lets through tools it does not list (default: allow)',
} as const;

export class PolicyEngine {
  readonly policy: Policy;
  private readonly hidden: Map<string, number>;
  private readonly rules: Map<string, PolicyRule>;

  constructor(
    policy: Policy,
    private readonly limiter: SlidingWindowLimiter = new SlidingWindowLimiter(),
  ) {
    this.policy = policy;
    this.hidden = new Map((policy.hide ?? []).map((tool, index) => [tool, index]));
    this.rules = new Map(
      Object.keys(policy.tools ?? {}).flatMap((tool) => {
        const rule = ownEntry(policy.tools, tool);
        return rule === undefined ? [] : [[tool, rule] as const];
      }),
    );
  }

  /** The same rate-limit counts under another policy (a reload keeps what was counted). */
  withPolicy(policy: Policy): PolicyEngine {
    return new PolicyEngine(policy, this.limiter);
  }

  /**
   * The decision for one call to `tool` by `identity` at `now` (ms). A call under a rate limit is
   * counted when it is let through to the next step (allow or approval).
   */
  decide(tool: string, identity: string, now: number): GuardDecision {
    const hiddenAt = this.hidden.get(tool);
    if (hiddenAt !== undefined) {
      const note = ownEntry(this.policy.metadata?.hidden, tool);
      return { kind: 'hide', rule: pointer('hide', hiddenAt), reason: note?.reason ?? DEFAULT_REASONS.hide };
    }
    const rule = this.rules.get(tool);
    if (rule === undefined) {
      return this.policy.default === 'deny'
        ? { kind: 'deny', rule: '/default', reason: DEFAULT_REASONS.defaultDeny }
        : { kind: 'allow', rule: '/default', reason: DEFAULT_REASONS.defaultAllow };
    }
    const at = pointer('tools', tool);
    if (rule.action === 'deny') return { kind: 'deny', rule: at, reason: rule.reason ?? DEFAULT_REASONS.deny };
    if (rule.rate_limit !== undefined) {
      const limit = rule.rate_limit;
      const taken = this.limiter.take(`${identity}\u0000${tool}`, { max: limit.max, windowMs: limit.window * 1000 }, now);
      if (!taken.ok) {
        return {
          kind: 'rate-limited',
          rule: `${at}/rate_limit`,
          reason: `at most ${limit.max} call${limit.max === 1 ? '' : 's'} in ${limit.window} s`,
          retryAfterMs: taken.retryAfterMs,
          limit,
        };
      }
    }
    if (rule.action === 'require_approval') return { kind: 'needs-approval', rule: at, reason: rule.reason ?? DEFAULT_REASONS.approval };
    return { kind: 'allow', rule: at, reason: rule.reason ?? DEFAULT_REASONS.allow };
  }

  /** Whether the agent sees `tool` in tools/list: not hidden, and with `default: deny` only when a rule lets it be called. */
  isVisible(tool: string): boolean {
    if (this.hidden.has(tool)) return false;
    if (this.policy.default === 'allow') return true;
    const action = this.rules.get(tool)?.action;
    return action === 'allow' || action === 'require_approval';
  }

  /** The entries of a tools/list result the agent may see; an entry without a string name is dropped. */
  filterToolList(tools: readonly unknown[]): unknown[] {
    return tools.filter((tool) => {
      if (typeof tool !== 'object' || tool === null) return false;
      const name: unknown = (tool as { name?: unknown }).name;
      return typeof name === 'string' && this.isVisible(name);
    });
  }
}

/** `engine.decide`, except that a failure of the engine denies the call instead of throwing. */
export function decideOrDeny(
  engine: PolicyEngine,
  tool: string,
  identity: string,
  now: number,
): { decision: GuardDecision; failure?: unknown } {
  try {
    return { decision: engine.decide(tool, identity, now) };
  } catch (failure) {
    return { decision: { kind: 'deny', rule: ENGINE_ERROR_RULE, reason: 'the policy engine failed; the call is denied' }, failure };
  }
}
