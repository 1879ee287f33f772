/**
 * Deterministic, realistic-shaped MCP tool definitions for the file benchmarks: names made of a
 * verb and an object (with a server prefix), descriptions of one to three sentences, input schemas
 * like real servers publish (described properties, enums, defaults, formats, nested objects and
 * arrays of objects, `required`, `additionalProperties`, `$schema`), output schemas on some tools
 * and annotations on others. A seeded generator: the same count gives the same bytes every run.
 */

/** mulberry32: a small seeded PRNG, enough for varied but repeatable data. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PREFIXES = [
  'github',
  'jira',
  'notion',
  'stripe',
  'slack',
  'postgres',
  'k8s',
  'gdrive',
  'linear',
  'shopify',
  'hubspot',
  'sentry',
  'aws',
  'figma',
  'zendesk',
];
const VERBS = [
  'get',
  'list',
  'search',
  'find',
  'read',
  'fetch',
  'describe',
  'create',
  'update',
  'add',
  'set',
  'upload',
  'send',
  'post',
  'publish',
  'delete',
  'remove',
  'archive',
  'cancel',
  'run',
  'execute',
  'query',
  'deploy',
  'refund',
  'charge',
  'transfer',
  'merge',
  'close',
  'assign',
  'export',
];
const OBJECTS = [
  'issue',
  'pull_request',
  'comment',
  'page',
  'database',
  'invoice',
  'payment',
  'customer',
  'message',
  'channel',
  'table',
  'row',
  'pod',
  'deployment',
  'file',
  'folder',
  'project',
  'ticket',
  'order',
  'product',
  'contact',
  'deal',
  'event',
  'bucket',
  'object',
  'user',
  'team',
  'webhook',
  'release',
  'branch',
];
const WORDS = (
  'the a an of for with from to in on by this that each every its their which when if not only all more most other new existing given ' +
  'returns result results item items record records field fields value values list page pages workspace account project team user owner ' +
  'identifier id name title status state label labels tag tags date time range filter filters sort order limit cursor pagination token ' +
  'created updated deleted archived open closed draft public private visible hidden optional required default maximum minimum number ' +
  'string text format markdown json url email address amount currency description summary details metadata attachment attachments'
).split(' ');
const PROPERTY_NAMES = [
  'id',
  'owner',
  'repo',
  'title',
  'body',
  'state',
  'labels',
  'assignees',
  'limit',
  'cursor',
  'page',
  'per_page',
  'sort',
  'direction',
  'query',
  'filter',
  'since',
  'until',
  'format',
  'include_archived',
  'workspace_id',
  'project_id',
  'parent_id',
  'path',
  'content',
  'encoding',
  'branch',
  'message',
  'channel',
  'email',
  'name',
  'description',
  'amount',
  'currency',
  'customer_id',
  'metadata',
  'tags',
  'priority',
  'due_date',
  'url',
];
const FORMATS = ['date-time', 'email', 'uri', 'uuid', 'date'];

function pick<T>(random: () => number, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)] as T;
}

function sentence(random: () => number, min: number, max: number): string {
  const count = min + Math.floor(random() * (max - min + 1));
  const words: string[] = [];
  for (let i = 0; i < count; i++) words.push(pick(random, WORDS));
  const text = words.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function property(random: () => number, depth: number): Record<string, unknown> {
  const kind = random();
  const description = sentence(random, 4, 15);
  if (kind < 0.42) {
    const out: Record<string, unknown> = { type: 'string', description };
    if (random() < 0.25) out['format'] = pick(random, FORMATS);
    if (random() < 0.15) out['maxLength'] = 256 + Math.floor(random() * 4096);
    return out;
  }
  if (kind < 0.55)
    return {
      type: 'string',
      enum: ['open', 'closed', 'all', 'draft', 'merged'].slice(0, 2 + Math.floor(random() * 4)),
      default: 'open',
      description,
    };
  if (kind < 0.7) return { type: 'integer', minimum: 1, maximum: 100 * (1 + Math.floor(random() * 10)), default: 30, description };
  if (kind < 0.78) return { type: 'boolean', default: false, description };
  if (kind < 0.88 || depth > 1) return { type: 'array', items: { type: 'string' }, description };
  if (kind < 0.94) return { type: 'array', items: objectSchema(random, depth + 1, 2, 4), description };
  return { ...objectSchema(random, depth + 1, 2, 5), description };
}

function objectSchema(random: () => number, depth: number, min: number, max: number): Record<string, unknown> {
  const count = min + Math.floor(random() * (max - min + 1));
  const properties: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    let key = pick(random, PROPERTY_NAMES);
    if (Object.hasOwn(properties, key)) key = `${key}_${i}`;
    properties[key] = property(random, depth);
  }
  const keys = Object.keys(properties);
  return {
    type: 'object',
    properties,
    required: keys.slice(0, 1 + Math.floor(random() * Math.min(3, keys.length))),
    additionalProperties: false,
  };
}

/** Tool `index` of a set: the same index always gives the same definition. */
export function realisticTool(index: number): Record<string, unknown> {
  const random = seeded(index * 2654435761 + 1);
  const verb = pick(random, VERBS);
  const object = pick(random, OBJECTS);
  const prefix = pick(random, PREFIXES);
  const name = `${prefix}_${verb}_${object}${index >= 1000 ? `_${index}` : ''}`;
  const readable = object.replace(/_/g, ' ');
  const tool: Record<string, unknown> = {
    name,
    description:
      `${verb.charAt(0).toUpperCase()}${verb.slice(1)} a ${readable} in ${prefix}. ${sentence(random, 10, 28)} ${random() < 0.6 ? sentence(random, 8, 24) : ''}`.trim(),
    inputSchema: { ...objectSchema(random, 0, 5, 14), $schema: 'http://json-schema.org/draft-07/schema#' },
  };
  if (random() < 0.3) tool['outputSchema'] = objectSchema(random, 1, 3, 8);
  if (random() < 0.45) {
    const readOnly = ['get', 'list', 'search', 'find', 'read', 'fetch', 'describe', 'export'].includes(verb);
    tool['annotations'] = {
      title: `${verb.charAt(0).toUpperCase()}${verb.slice(1)} ${readable}`,
      readOnlyHint: readOnly,
      destructiveHint: !readOnly && random() < 0.5,
      openWorldHint: random() < 0.5,
    };
  }
  if (random() < 0.2) tool['title'] = `${verb} ${readable}`;
  return tool;
}

/** `count` definitions as JSON Lines, in pieces of about `pieceLines` lines (to write without one giant string). */
export function* realisticToolLines(count: number, pieceLines = 1000): Generator<string> {
  let piece: string[] = [];
  for (let i = 0; i < count; i++) {
    piece.push(JSON.stringify(realisticTool(i)));
    if (piece.length >= pieceLines) {
      yield `${piece.join('\n')}\n`;
      piece = [];
    }
  }
  if (piece.length > 0) yield `${piece.join('\n')}\n`;
}
