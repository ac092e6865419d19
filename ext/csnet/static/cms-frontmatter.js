// csnet-frontmatter: Decap CMS's Markdown-with-YAML format, saving only what was edited.
//
// Decap's own "frontmatter" format writes the front matter anew from the form's values, which
// drops every YAML comment (the plan's objectives "commented out" with #), re-quotes and
// re-wraps the rest. This format reads a file as Decap does (the same `yaml` library, 1.10,
// and Decap's own timestamp tag, so every widget sees the values it always saw) and keeps the
// file's text. On save it compares the form's values with the values it read and changes the
// text only where they differ: a ticked milestone rewrites `complete: false` as
// `complete: true` and nothing else. A key or list item the volunteer added is inserted at the
// end of its map or list in the file's own indentation; one removed loses its lines; keys the
// form does not know are left as they are. A new entry is written whole, keys in the form's
// order, as Decap writes it.
import { YAML } from './yaml/index.js';

const SOURCE = '__csnet_source'; // the file as read, kept in the entry beside its values
const OPEN = /^---[ \t]*\r?\n/;
const CLOSE = /^---[ \t]*(\r?\n|$)/m;

// Decap's own (decap-cms-core/src/formats/yaml.ts): only full UTC timestamps become dates;
// an impossible one stays text (Decap's would be an Invalid Date, which cannot be saved)
const timestamp = {
  identify: value => value instanceof Date,
  default: true,
  tag: '!timestamp',
  test: /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2}(\.[0-9]+)?)Z$/,
  resolve: text => (Number.isNaN(Date.parse(text)) ? text : new Date(text)), // 2025-02-30: text
  stringify: node => node.value.toISOString(),
};
const OPTIONS = { customTags: [timestamp], keepCstNodes: true, prettyErrors: true };
YAML.scalarOptions.str.fold.lineWidth = 0; // never wrap a long title onto two lines

// -- reading -----------------------------------------------------------------------------
function split(text) {
  const open = OPEN.exec(text);
  if (!open) return { front: null, body: text };
  const rest = text.slice(open[0].length);
  const close = rest.startsWith('---') ? /^---[ \t]*(\r?\n|$)/.exec(rest) : CLOSE.exec(rest);
  if (!close) return { front: null, body: text };
  return {
    open: open[0],
    front: rest.slice(0, close.index),
    close: close[0],
    body: rest.slice(close.index + close[0].length),
  };
}

function fromFile(text) {
  const parts = split(text);
  if (parts.front === null) return parts.body.trim() ? { body: parts.body } : {};
  const doc = YAML.parseDocument(parts.front, OPTIONS);
  if (doc.errors.length) {
    throw new Error(`YAML parsing error:\n${doc.errors.map(e => e.message).join('\n')}`);
  }
  const data = doc.toJSON() || {};
  return {
    ...data,
    ...(parts.body.trim() && { body: parts.body }),
    [SOURCE]: { open: parts.open, front: parts.front, close: parts.close, body: parts.body },
  };
}

// -- writing -------------------------------------------------------------------------------
function toFile(data, sortedKeys = []) {
  const { body, [SOURCE]: source, ...values } = data;
  if (!source) return fresh(values, body, sortedKeys);
  const front = edit(source.front, values);
  const text = body === undefined && !source.body.trim() ? source.body : body || '';
  return `${source.open}${front}${source.close}${text}`;
}

function fresh(values, body = '', sortedKeys = []) {
  const order = key => {
    const at = sortedKeys.indexOf(key);
    return at === -1 ? sortedKeys.length : at;
  };
  const sorted = Object.fromEntries(
    Object.entries(values).sort(([a], [b]) => order(a) - order(b)));
  if (!Object.keys(sorted).length) return body;
  const text = render(sorted).trimEnd();
  return `---\n${text}\n---\n${body.endsWith('\n') || !body ? body : `${body}\n`}`;
}

/** YAML text for a value, at column 0 (comments, when kept, are the file's) */
function render(value) {
  const doc = new YAML.Document({ customTags: [timestamp], indentSeq: false });
  doc.setSchema();
  doc.contents = doc.schema.createNode(value, true);
  style(doc.contents);
  return String(doc);
}

/** Strings that YAML 1.1 (the build's reader) would take for true/false/null/a number are
 *  quoted; multi-line text is a block (`|-`) so it reads as written. */
function style(node, type) {
  if (!node) return;
  if (node.items) {
    for (const item of node.items) {
      if (item && 'key' in item) style(item.value);
      else style(item);
    }
    return;
  }
  if (typeof node.value !== 'string') return;
  if (node.value.includes('\n')) node.type = 'BLOCK_LITERAL';
  else if (type && type.startsWith('QUOTE')) node.type = type;
  else if (/^(y|yes|n|no|on|off|true|false|null|~|[-+]?[0-9][0-9_:.,]*|[-+]?0x[0-9a-f_]+|[-+]?\.?(inf|nan))$/i
    .test(node.value.trim()) || node.value === '') node.type = 'QUOTE_DOUBLE';
}

/** The text of `value` after a key's ":" or a list item's "-" (" x", " |-" and its lines, or
 *  a new line and a collection), for a key or a dash at `column`: rendered as the value of a
 *  one-key map or a one-item list at column 0, then indented */
function valueText(value, column, kind, oldType) {
  if (value === null || value === undefined) return kind === 'pair' ? '' : ' null';
  const doc = new YAML.Document({ customTags: [timestamp], indentSeq: false });
  doc.setSchema();
  const holder = doc.schema.createNode(kind === 'pair' ? { k: value } : [value], true);
  const node = kind === 'pair' ? holder.items[0].value : holder.items[0];
  style(node, oldType);
  doc.contents = holder;
  const text = String(doc).replace(/\n$/, '').slice(kind === 'pair' ? 2 : 1);
  return text.replace(/\n(?=[^\n])/g, `\n${' '.repeat(column)}`);
}

function same(a, b) {
  if (a === b) return true;
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length
      && a.every((item, i) => same(item, b[i]));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length
      && keys.every(key => Object.prototype.hasOwnProperty.call(b, key) && same(a[key], b[key]));
  }
  return false;
}

/** The front matter text with only the values that changed rewritten */
function edit(front, values) {
  const doc = YAML.parseDocument(front, OPTIONS);
  const old = doc.toJSON();
  if (same(old, values)) return front;
  const map = doc.contents;
  if (!map || map.type !== 'MAP' || !old || typeof old !== 'object' || Array.isArray(old)) {
    return render(values); // no front matter to keep (empty, or not a map)
  }
  const edits = [];
  patchMap(front, map, old, values, edits);
  edits.sort((a, b) => b.start - a.start || b.order - a.order);
  let text = front;
  for (const { start, end, text: replacement } of edits) {
    text = text.slice(0, start) + replacement + text.slice(end);
  }
  return text;
}

const isBlock = node => node && (node.type === 'MAP' || node.type === 'SEQ');
const isBlockScalar = node => node && node.type && node.type.startsWith('BLOCK_');
const lineStart = (src, at) => src.lastIndexOf('\n', at - 1) + 1;
const column = (src, at) => at - lineStart(src, at);
function lineEnd(src, at) { // just after the line's new line
  const end = src.indexOf('\n', at);
  return end === -1 ? src.length : end + 1;
}
/** where a value's own text ends: before a trailing comment, and before a block's last new line */
function valueEnd(src, node) {
  const cst = node.cstNode;
  if (isBlock(node) || isBlockScalar(node)) {
    const end = cst.range.end;
    return src[end - 1] === '\n' ? end - 1 : end;
  }
  return cst.valueRange ? cst.valueRange.end : cst.range.end;
}

function push(edits, start, end, text) {
  edits.push({ start, end, text, order: edits.length });
}

/** Replace a node (or the absent value after `after`, just past its ":" or "-") with
 *  `value`; comments on its first line stay there */
function replace(src, node, value, kind, col, after, edits) {
  let text = valueText(value, col, kind, node && node.type);
  const cst = node && node.cstNode;
  let end = cst ? valueEnd(src, node) : after;
  const comments = [];
  const between = cst ? src.slice(after, cst.range.start).match(/#[^\n]*/) : null;
  if (between) comments.push(between[0].trim());
  if (isBlockScalar(node)) {
    const header = src.slice(cst.range.start, lineEnd(src, cst.range.start)).match(/#[^\n]*/);
    if (header) comments.push(header[0].trim());
  } else if (!isBlock(node) && text.includes('\n')) { // one line becomes several
    const rest = src.slice(end, lineEnd(src, end)).replace(/\r?\n$/, '');
    if (rest.trim()) {
      comments.push(rest.trim());
      end += rest.length;
    }
  }
  if (comments.length) {
    const first = text.includes('\n') ? text.indexOf('\n') : text.length;
    text = `${text.slice(0, first)} ${comments.join(' ')}${text.slice(first)}`;
  }
  push(edits, after, end, text);
}

function patchMap(src, map, old, values, edits) {
  const col = map.items.length ? column(src, map.items[0].key.cstNode.range.start) : 0;
  const seen = new Set();
  for (const pair of map.items) {
    if (!pair.key || pair.type === 'MERGE_PAIR') continue;
    const key = String(pair.key.value ?? pair.key);
    seen.add(key);
    if (!(key in old)) continue;
    if (!Object.prototype.hasOwnProperty.call(values, key)) { // removed in the form
      const from = lineStart(src, pair.key.cstNode.range.start);
      const to = pair.value && pair.value.cstNode
        ? lineEnd(src, valueEnd(src, pair.value)) : lineEnd(src, pair.key.cstNode.range.end);
      if (src.slice(from, pair.key.cstNode.range.start).trim()) { // "- key:" holds the dash
        push(edits, pair.key.cstNode.range.start, to, '');
      } else {
        push(edits, from, to, '');
      }
      continue;
    }
    patchValue(src, pair.value, old[key], values[key], 'pair', col,
      src.indexOf(':', pair.key.cstNode.range.end) + 1, edits);
  }
  const added = Object.keys(values).filter(key => !seen.has(key) && values[key] !== undefined);
  if (!added.length) return;
  const at = map.cstNode.range.end;
  const lead = src[at - 1] === '\n' || at === 0 ? '' : '\n';
  const text = added.map(key => `${' '.repeat(col)}${render(key).trim()}:${valueText(values[key], col, 'pair')}\n`).join('');
  push(edits, at, at, lead + text);
}

function patchValue(src, node, old, value, kind, col, after, edits) {
  if (same(old, value)) return;
  const both = (a, b) => a !== null && b !== null && typeof a === 'object'
    && typeof b === 'object' && !(a instanceof Date) && !(b instanceof Date);
  if (node && node.type === 'MAP' && both(old, value) && !Array.isArray(old)
      && !Array.isArray(value)) {
    patchMap(src, node, old, value, edits);
  } else if (node && node.type === 'SEQ' && Array.isArray(old) && Array.isArray(value)
      && node.items.every(item => item && item.cstNode)) {
    patchSeq(src, node, old, value, edits);
  } else {
    replace(src, node, value, kind, col, after, edits);
  }
}

/** Items equal at both ends stay; those between are edited in place, one for one, and the
 *  rest inserted or removed (Decap adds items at the end, and removes any) */
function patchSeq(src, seq, old, values, edits) {
  let head = 0;
  while (head < old.length && head < values.length && same(old[head], values[head])) head += 1;
  let tail = 0;
  while (tail < old.length - head && tail < values.length - head
    && same(old[old.length - 1 - tail], values[values.length - 1 - tail])) tail += 1;
  const oldMiddle = old.length - head - tail;
  const newMiddle = values.length - head - tail;
  const paired = Math.min(oldMiddle, newMiddle);
  const items = seq.items;
  const dash = item => src.lastIndexOf('-', item.cstNode.range.start - 1);
  const col = column(src, dash(items[0]));
  for (let i = head; i < head + paired; i += 1) {
    patchValue(src, items[i], old[i], values[i], 'item', col, dash(items[i]) + 1, edits);
  }
  for (let i = head + paired; i < head + oldMiddle; i += 1) { // removed
    const from = lineStart(src, dash(items[i]));
    push(edits, from, lineEnd(src, valueEnd(src, items[i])), '');
  }
  if (newMiddle > paired) { // added, before the first unchanged item at the end
    const next = head + oldMiddle < items.length ? items[head + oldMiddle] : null;
    const at = next ? lineStart(src, dash(next)) : seq.cstNode.range.end;
    const lead = src[at - 1] === '\n' ? '' : '\n';
    const text = values.slice(head + paired, head + newMiddle)
      .map(value => `${' '.repeat(col)}-${valueText(value, col, 'item')}\n`).join('');
    push(edits, at, at, lead + text);
  }
}

export const format = { fromFile, toFile };
export const internals = { edit, fromFile, toFile, SOURCE };
