/**
 * Rule family: the thing a tool acts on is money.
 *
 * Nouns in the name such as payment, refund, payout, invoice, charge, transfer of funds,
 * wallet, order (of goods), billing subscription. On its own this says nothing; a tool that
 * creates, changes, cancels or sends one of these is financial (see decide-category.ts).
 */
import { ruleEvidence, type Rule, type ToolSignal } from '../rule.js';

const MONEY_NOUNS = new Set([
  'payment',
  'payments',
  'refund',
  'refunds',
  'payout',
  'payouts',
  'invoice',
  'invoices',
  'charge',
  'charges',
  'billing',
  'wallet',
  'wallets',
  'funds',
  'fund',
  'money',
  'cash',
  'credits',
  'credit',
  'balance',
  'transaction',
  'transactions',
  'checkout',
  'purchase',
  'purchases',
  'price',
  'prices',
  'pricing',
  'coupon',
  'payment_intent',
  'paymentintent',
  'paymentintents',
  'setupintent',
  'setupintents',
  'bank',
  'iban',
  'card',
  'cards',
  'loan',
  'loans',
  'trade',
  'trades',
  'swap',
  'swaps',
  'stake',
  'token',
  'tokens',
  'nft',
  'nfts',
  'crypto',
  'usdc',
  'eth',
  'btc',
  'sol',
  'escrow',
  'tip',
  'tips',
  'donation',
  'donations',
  'fee',
  'fees',
  'tax',
  'taxes',
  'quote',
  'order',
  'orders',
  'subscription',
  'subscriptions',
  'plan',
  'plans',
  'payouts',
]);
/** Nouns that are money only with another money word beside them ("subscription plan", "credit card"). */
const NEEDS_COMPANY = new Set([
  'subscription',
  'subscriptions',
  'plan',
  'plans',
  'token',
  'tokens',
  'order',
  'orders',
  'card',
  'cards',
  'credit',
  'credits',
  'balance',
  'quote',
  'tip',
  'tips',
  'fee',
  'fees',
  'stake',
  'swap',
  'swaps',
  'trade',
  'trades',
  'transaction',
  'transactions',
  'coupon',
  'price',
  'prices',
  'pricing',
  'tax',
  'taxes',
  'sol',
  'eth',
]);
/** Words that make a "subscription", "token" or "order" about something else. */
const NOT_MONEY_CONTEXT =
  /\b(?:notifications?|events?|webhooks?|topics?|channels?|feeds?|repositor(?:y|ies)|threads?|newsletters?|access|auth\w*|api|bearer|refresh|sort(?:ing)?|display|column|rows?|login|session|jwt|oauth|personal)\b/i;
const MONEY_CONTEXT =
  /\b(?:pay\w*|billing|bill|invoice\w*|charge\w*|price\w*|plan|customer|checkout|purchase\w*|refund\w*|wallet|funds|money|currency|amount|\$|usd|eur|gbp|crypto\w*|blockchain|on-?chain|transfer|send|swap|trade|token\s+transfer|credit\s+card|bank|subscription)\b/i;

export const moneyObjectRule: Rule = {
  id: 'money-object',
  summary: 'The tool acts on money: payments, refunds, invoices, payouts, transfers, wallets, orders.',
  apply(facts) {
    const signals: ToolSignal[] = [];
    const words = facts.nameWords;
    let context: string | undefined;
    for (const word of words) {
      if (!MONEY_NOUNS.has(word)) continue;
      context ??= `${words.join(' ')} ${facts.firstSentence} ${facts.serverName ?? ''}`;
      if (NOT_MONEY_CONTEXT.test(context)) continue;
      if (NEEDS_COMPANY.has(word)) {
        const others = `${words.filter((w) => w !== word).join(' ')} ${facts.firstSentence} ${facts.serverName ?? ''}`;
        if (!MONEY_CONTEXT.test(others)) continue;
      }
      signals.push({ effect: 'money', strength: 'strong', evidence: ruleEvidence(moneyObjectRule, 'name-noun', 'name', word) });
      break;
    }
    return { signals, findings: [] };
  },
};
