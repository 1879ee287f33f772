// @ts-check
/**
 * The site's search, published as it is (see search-script.ts), type-checked by
 * tsconfig.assets.json. Tokenizer and stop words: those of search-index.ts.
 *
 * @typedef {[number[], number[]]} Postings ids with the term in a name, and only in a description
 * @typedef {Record<string, Postings>} Shard
 * @typedef {[string, string, string, string, string, string]} Doc kind, name, context, path, category, severity
 * @typedef {{ chunk: number, shards: string[] }} Manifest
 */
(function () {
'use strict';
// Null on a page without the search box; then unused (see the end).
var input = /** @type {HTMLInputElement} */ (document.getElementById('search-input'));
var statusLine = /** @type {HTMLElement} */ (document.getElementById('search-status'));
var list = /** @type {HTMLElement} */ (document.getElementById('search-results'));
var self = /** @type {HTMLScriptElement | null} */ (document.currentScript);
if (!self) return;
var root = new URL('../', self.src);
/** @type {Record<string, boolean>} */
var STOP = {};
["an","and","are","as","at","be","by","for","from","in","is","it","its","of","on","or","that","the","this","to","with"].forEach(function (word) { STOP[word] = true; });
var SEVERITIES = ['low', 'medium', 'high', 'critical'];
var CATEGORIES = ['read', 'write', 'execute', 'destructive', 'financial'];
var SHOWN = 20;
/** By file: a Manifest, a Shard or Docs. @type {Record<string, any>} */
var received = {};
/** @type {Record<string, Promise<any>>} */
var loading = {};

/** @param {string} text */
function tokens(text) {
  return String(text).slice(0, 2000)
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1 $2')
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(function (token) { return token.length >= 2 && !STOP[token]; });
}

/** @param {string} term */
function shardKey(term) {
  var head = Array.from(term).slice(0, 2).join('');
  if (/^[a-z0-9]{2}$/.test(head)) return head;
  return 'u' + Array.from(head).map(function (c) { return /** @type {number} */ (c.codePointAt(0)).toString(16); }).join('-');
}

/** @type {Window & { mcpRiskSearch?: object }} */ (window).mcpRiskSearch = {
  /** @param {Manifest} data */
  manifest: function (data) { received['manifest'] = data; },
  /** @param {string} key @param {Shard} data */
  terms: function (key, data) { received['t-' + key] = data; },
  /** @param {number} index @param {Doc[]} data */
  docs: function (index, data) { received['d-' + index] = data; },
  tokens: tokens,
  shardKey: shardKey
};

/** @param {string} name */
function load(name) {
  if (Object.prototype.hasOwnProperty.call(loading, name)) return loading[name];
  loading[name] = new Promise(function (resolve, reject) {
    var script = document.createElement('script');
    script.src = new URL('search/' + name + '.js', root).href;
    script.async = true;
    script.onload = function () { resolve(received[name === 'index' ? 'manifest' : name]); };
    script.onerror = function () { delete loading[name]; reject(new Error('could not load the search index (' + name + ')')); };
    document.head.appendChild(script);
  });
  return loading[name];
}

/** @param {Shard | null} shard @param {string} word */
function matches(shard, word) {
  var scores = new Map();
  if (!shard) return scores;
  Object.keys(shard).forEach(function (term) {
    if (term.lastIndexOf(word, 0) !== 0) return;
    var exact = term === word ? 1 : 0;
    var postings = shard[term];
    postings[0].forEach(function (id) { var s = 4 + exact; if ((scores.get(id) || 0) < s) scores.set(id, s); });
    postings[1].forEach(function (id) { var s = 1 + exact; if ((scores.get(id) || 0) < s) scores.set(id, s); });
  });
  return scores;
}

/** @param {Map<number, number>[]} perWord */
function rank(perWord) {
  perWord.sort(function (a, b) { return a.size - b.size; });
  /** @type {[number, number][]} */
  var total = [];
  perWord[0].forEach(function (score, id) {
    var sum = score;
    for (var i = 1; i < perWord.length; i++) {
      var other = perWord[i].get(id);
      if (other === undefined) return;
      sum += other;
    }
    total.push([id, sum]);
  });
  total.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
  return total;
}

/** @param {string} text */
function say(text) { statusLine.textContent = text; }

/** @param {string} kind @param {string} value @param {string[]} list */
function badge(kind, value, list) {
  if (list.indexOf(value) < 0) return null;
  var span = document.createElement('span');
  span.className = 'badge ' + kind + '-' + value;
  span.textContent = value;
  return span;
}

/** @param {[number, number][]} hits @param {(id: number) => Doc | null} docsById */
function render(hits, docsById) {
  list.textContent = '';
  hits.forEach(function (hit) {
    var doc = docsById(hit[0]);
    if (!doc || !/^[a-z0-9][a-z0-9\/._-]*$/.test(doc[3])) return;
    var item = document.createElement('li');
    var link = document.createElement('a');
    link.href = new URL(doc[3], root).href;
    link.textContent = doc[1];
    item.appendChild(link);
    item.appendChild(document.createTextNode(' '));
    if (doc[0] === 't') {
      var category = badge('cat', doc[4], CATEGORIES);
      if (category) { item.appendChild(category); item.appendChild(document.createTextNode(' ')); }
    }
    var severity = badge('sev', doc[5], SEVERITIES);
    if (severity) { item.appendChild(severity); item.appendChild(document.createTextNode(' ')); }
    var context = document.createElement('span');
    context.className = 'muted';
    context.textContent = doc[0] === 't' ? 'tool of ' + doc[2] : doc[2];
    item.appendChild(context);
    list.appendChild(item);
  });
}

var generation = 0;

/** @param {string} query */
function search(query) {
  var run = ++generation;
  var words = Array.from(new Set(tokens(query.slice(0, 200)))).slice(0, 8);
  if (words.length === 0) {
    list.textContent = '';
    say(query.trim() === '' ? '' : 'Type at least two letters of a word.');
    return;
  }
  load('index').then(function (/** @type {Manifest} */ manifest) {
    var names = words.map(function (word) { return 't-' + shardKey(word); });
    /** @type {Record<string, boolean>} */
    var known = {};
    manifest.shards.forEach(function (key) { known['t-' + key] = true; });
    return Promise.all(names.map(function (name) { return known[name] ? load(name) : Promise.resolve(null); })).then(function (/** @type {(Shard | null)[]} */ shards) {
      var hits = rank(words.map(function (word, i) { return matches(shards[i], word); }));
      var shown = hits.slice(0, SHOWN);
      var chunks = Array.from(new Set(shown.map(function (hit) { return Math.floor(hit[0] / manifest.chunk); })));
      return Promise.all(chunks.map(function (n) { return load('d-' + n); })).then(function () {
        if (run !== generation) return;
        render(shown, function (id) {
          var chunk = received['d-' + Math.floor(id / manifest.chunk)];
          return chunk ? chunk[id % manifest.chunk] : null;
        });
        var quoted = '\u201c' + query.trim().slice(0, 80) + '\u201d';
        if (hits.length === 0) say('No server or tool matches ' + quoted + '.');
        else if (hits.length > shown.length) say(hits.length + ' results for ' + quoted + '; the best ' + shown.length + ' are shown.');
        else say(hits.length + (hits.length === 1 ? ' result' : ' results') + ' for ' + quoted + '.');
      });
    });
  }).catch(function (error) {
    if (run === generation) say('Search is unavailable: ' + error.message);
  });
}

if (!input || !statusLine || !list) return;
/** @type {number | null} */
var timer = null;
input.addEventListener('input', function () {
  if (timer !== null) clearTimeout(timer);
  timer = setTimeout(function () { timer = null; search(input.value); }, 120);
});
input.addEventListener('focus', function () { load('index').catch(function () {}); }, { once: true });
if (input.value) search(input.value);
})();
