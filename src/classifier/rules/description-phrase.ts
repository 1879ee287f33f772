/**
 * Rule family: phrases in the description that say what a tool does beyond its verb:
 * "irreversible", "permanently deletes", "cannot be undone" (no way back); "read-only",
 * "does not modify" (nothing changes); "arbitrary code", "shell command" (runs code);
 * "download to local disk", "load into the cluster" (keeps what it reads);
 * "moves to trash" (a way back); "overwrites"; "all"/"multiple" (bulk); web and messages
 * (reaches out). Negated mentions ("does not delete") are ignored, except where the negation
 * is the phrase ("does not modify").
 */
import { ruleEvidence, type Effect, type Rule, type ToolSignal } from '../rule.js';
import { findPhrase } from '../phrase-match.js';

interface PhraseRule {
  /** What the phrase says; the evidence's rule is `description-phrase/<reason>`. */
  reason: string;
  effect: Effect;
  strength: 'strong' | 'weak';
  pattern: RegExp;
  /** Look only in the first sentence (for phrases that must be about the tool itself). */
  firstSentenceOnly?: boolean;
  /** The negation is part of the phrase ("does not modify"). */
  negationIsThePoint?: boolean;
}

/** "runs", "executes", "evaluates" (not "before running"), with an optional article. */
const RUNS = String.raw`\b(?:execut|run|evaluat|eval)(?<!\b(?:before|after|prior\s+to)\s+(?:execut|run|evaluat|eval))\w*\s+(?:a\s+|an\s+|the\s+|your\s+|arbitrary\s+|custom\s+|raw\s+|any\s+)?`;
const ARBITRARY_CODE = new RegExp(
  [
    // "arbitrary code", "raw SQL", "user-provided scripts"
    String.raw`\b(?:arbitrary|custom|raw|user[- ](?:provided|supplied|defined))\s+(?:\w+\s+)?(?:code|commands?|scripts?|sql|queries|javascript|js|python|shell|programs?|cypher)\b`,
    // "any SQL" (not "any code retrieved before")
    String.raw`\bany\s+(?:sql|javascript|js|python|shell|bash|cypher)\b`,
    // "run JavaScript", "execute a Python script", "run browser code"
    String.raw`${RUNS}(?:[a-z]+\s+)?(?:shell|bash|terminal|javascript|js|typescript|python|ruby|sql|cypher|code|scripts?|programs?)\b`,
    // "execute commands", "run system commands"
    String.raw`${RUNS}(?:system\s+)?commands?\b`,
    String.raw`\b(?:shell|terminal|bash|powershell)\s+commands?\b`,
    String.raw`\bREPL\b`,
  ].join('|'),
  'i',
);

const PHRASES: PhraseRule[] = [
  {
    reason: 'irreversible',
    effect: 'irreversible',
    strength: 'strong',
    pattern:
      /\b(?:irreversibl[ey]|irrevocabl[ey]|unrecoverabl[ey]|cannot\s+be\s+(?:undone|reversed|recovered|restored|rolled\s+back)|can(?:['’]t|\s+not)\s+be\s+(?:undone|reversed|recovered|restored)|(?:is|are)\s+not\s+(?:reversible|recoverable|undoable)|no\s+way\s+to\s+(?:undo|recover|restore)|permanent(?:ly)?\s+(?:\w+\s+){0,2}?(?:delet|remov|eras|destroy|lost|gone|cancel|purg|wip|revok)\w*|(?:will|would|may)\s+be\s+(?:permanently\s+)?(?:lost|destroyed|erased|wiped)|(?:is|are)\s+permanent\b)/i,
    negationIsThePoint: true,
  },
  {
    reason: 'data-loss',
    effect: 'destroy',
    strength: 'strong',
    pattern:
      /\b(?:delet|remov|destroy|drop|purg|wip|eras|truncat|clear)\w*\s+(?:all|every|the\s+entire|entire|everything)\b(?!\s+(?:matching\s+)?(?:results?|filters?|selections?|highlights?)\b|\s+(?:\w+\s+)?(?:traffic|packets?|connections?|requests?)\b)/i,
  },
  {
    reason: 'reversible',
    effect: 'reversible',
    strength: 'strong',
    pattern:
      /\b(?:soft[- ]delet\w*|moves?\s+(?:\w+\s+){0,2}to\s+(?:the\s+)?(?:trash|bin|recycle\s+bin|archive)|can\s+(?:later\s+)?be\s+(?:restored|recovered|undone|reversed|unarchived|reopened)|(?:is|are)\s+(?:reversible|recoverable)|archives?\s+(?:the|a|an)\b)/i,
  },
  {
    reason: 'read-only',
    effect: 'read-only',
    strength: 'strong',
    pattern:
      /\bread[- ]only\b(?<!\b(?:make|makes|making|set|sets|mark|marks|to|on|in|into|from|toggle|toggles)\s+(?:a\s+|the\s+|it\s+)?read[- ]only)(?!\s+(?:flag|attribute|permission|files?ystem))|\bin\s+read\s+mode\b|\b(?:does|do|will|shall|should)\s+not\s+(?:modify|change|alter|write|mutate|delete|create|update|affect|make\s+(?:any\s+)?changes)|\b(?:doesn['’]t|won['’]t|never)\s+(?:modify|modifies|change|changes|alter|alters|write|writes|mutate|mutates)\b|\bwithout\s+(?:modifying|changing|altering|mutating|making\s+(?:any\s+)?changes|side[- ]effects|writing)\b|\bno\s+side[- ]effects?\b|\bside[- ]effect[- ]free\b|\bnon[- ]mutating\b|\bsafe\s+to\s+call\b/i,
    negationIsThePoint: true,
  },
  {
    reason: 'arbitrary-code',
    effect: 'arbitrary-code',
    strength: 'strong',
    pattern: ARBITRARY_CODE,
  },
  {
    reason: 'overwrite',
    effect: 'overwrite',
    strength: 'strong',
    pattern: /\b(?:overwrit\w*|replac\w*\s+(?:the\s+|an\s+|any\s+)?(?:entire|whole|existing|all|complete)|completely\s+replac\w*)\b/i,
  },
  {
    // "Download a file to local disk", "Saves the report to a file", "Load a dataset into the cluster".
    reason: 'saves',
    effect: 'saves',
    strength: 'strong',
    pattern:
      /\b(?:(?:save|saves|saving|download|downloads|downloading|export|exports|exporting|write|writes|writing|store|stores|storing)\s+(?:\w+\s+){0,5}?(?:to|into|in|on)\s+(?:a\s+|the\s+|your\s+)?(?:local\s+)?(?:disk|file|files|directory|folder|filesystem|file\s+system|(?:output|local)\s+(?:path|dir\w*|folder))|(?:load|loads|loading)\s+(?:\w+\s+){0,5}?into\s+(?!(?:the\s+|your\s+)?(?:memory|context|conversation|prompt|model|session)\b))/i,
    firstSentenceOnly: true,
  },
  {
    reason: 'bulk',
    effect: 'bulk',
    strength: 'weak',
    pattern: /\b(?:multiple|many|bulk|batch|in\s+bulk|all\s+(?:the\s+)?(?:\w+\s+)?(?:that|matching|in|of|for))\b/i,
    firstSentenceOnly: true,
  },
  {
    reason: 'outward',
    effect: 'outward',
    strength: 'weak',
    pattern:
      /\b(?:the\s+web|internet|websites?|web\s*pages?|urls?|https?:\/\/|online|external\s+(?:api|service|system)s?|third[- ]party|remote\s+(?:server|api|service|host)s?|e-?mails?|sms|text\s+messages?|slack|tweets?|social\s+media|webhooks?)\b/i,
  },
  {
    reason: 'sends-to-people',
    effect: 'outward',
    strength: 'strong',
    pattern:
      /\b(?:send|sends|post|posts|publish|publishes|broadcast|broadcasts|notify|notifies|email|emails|text|texts|dm|dms)\s+(?:\w+\s+){0,4}?(?:to|recipients?|users?|customers?|channels?|people|members?|subscribers?|followers?|everyone)\b/i,
    firstSentenceOnly: true,
  },
  {
    reason: 'money',
    effect: 'money',
    strength: 'weak',
    pattern:
      /\b(?:payments?|refunds?|payouts?|invoices?|billing|funds|money|credit\s+cards?|debit\s+cards?|bank\s+(?:accounts?|transfers?)|wire\s+transfers?|purchases?|checkout|cryptocurrency|crypto|wallets?|on[- ]chain|stablecoins?|usdc|usdt|eth|btc|currency|currencies|charges?\s+(?:the|a)\s+(?:customer|card|user)|transfers?\s+(?:funds|money|tokens|credits|\$)|\$\d)/i,
    firstSentenceOnly: true,
  },
];

export const descriptionPhraseRule: Rule = {
  id: 'description-phrase',
  summary: 'Phrases in the description: irreversible, read-only, arbitrary code, trash/restore, overwrite, bulk, web and messages, money.',
  apply(facts) {
    const signals: ToolSignal[] = [];
    for (const phrase of PHRASES) {
      const text = phrase.firstSentenceOnly ? facts.firstSentence : facts.description;
      if (!text) continue;
      const match = findPhrase(text, phrase.pattern, { allowNegated: phrase.negationIsThePoint === true });
      if (match) {
        signals.push({
          effect: phrase.effect,
          strength: phrase.strength,
          evidence: ruleEvidence(descriptionPhraseRule, phrase.reason, 'description', match.text),
        });
      }
    }
    return { signals, findings: [] };
  },
};
