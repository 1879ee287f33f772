/**
 * Rule family: the tool touches secrets, credentials, permissions or personal data.
 * Raises severity: reading secrets is more than reading, granting access is more than writing.
 */
import { ruleEvidence, type Rule, type ToolSignal } from '../rule.js';
import { findPhrase } from '../phrase-match.js';

const NAME_WORDS = new Set([
  'secret',
  'secrets',
  'password',
  'passwords',
  'credential',
  'credentials',
  'apikey',
  'apikeys',
  'permission',
  'permissions',
  'role',
  'roles',
  'acl',
  'acls',
  'iam',
  'policy',
  'policies',
  'firewall',
  'privilege',
  'privileges',
  'collaborator',
  'collaborators',
  'ssh',
  'cert',
  'certificate',
  'certificates',
  'keychain',
  'vault',
  'env',
  'pii',
  'admin',
  'admins',
  'sudo',
  'oauth',
  'jwt',
  'totp',
  'mfa',
  '2fa',
  'grant',
  'grants',
]);
const NAME_PAIRS: [string, string][] = [
  ['api', 'key'],
  ['api', 'keys'],
  ['access', 'token'],
  ['access', 'tokens'],
  ['private', 'key'],
  ['access', 'list'],
  ['access', 'key'],
  ['env', 'var'],
  ['env', 'vars'],
  ['auth', 'token'],
];
const PHRASE =
  /\b(?:passwords?|secrets?|credentials?|api[- ]?keys?|access[- ]tokens?|auth(?:entication)?\s+tokens?|private\s+keys?|ssh\s+keys?|environment\s+variables?|env\s+vars?|permissions?|access\s+(?:control|list|rights|levels?)|privileges?|iam\s+(?:roles?|polic(?:y|ies))|firewall\s+rules?|personal\s+(?:data|information)|pii|social\s+security|ssn)\b/i;

export const sensitiveRule: Rule = {
  id: 'sensitive',
  summary: 'Secrets, credentials, permissions, access rules or personal data in the name or description.',
  apply(facts) {
    const signals: ToolSignal[] = [];
    const words = facts.nameWords;
    let nameHit: string | undefined = words.find((word) => NAME_WORDS.has(word));
    if (!nameHit) {
      for (let i = 0; i + 1 < words.length; i++) {
        const pair = NAME_PAIRS.find(([a, b]) => words[i] === a && words[i + 1] === b);
        if (pair) {
          nameHit = `${pair[0]}_${pair[1]}`;
          break;
        }
      }
    }
    if (nameHit)
      signals.push({ effect: 'sensitive', strength: 'strong', evidence: ruleEvidence(sensitiveRule, 'name-word', 'name', nameHit) });
    const phrase = findPhrase(facts.firstSentence, PHRASE);
    if (phrase)
      signals.push({
        effect: 'sensitive',
        strength: nameHit ? 'strong' : 'weak',
        evidence: ruleEvidence(sensitiveRule, 'description-phrase', 'description', phrase.text),
      });
    return { signals, findings: [] };
  },
};
