/* File formats of the registry for Decap CMS (CMS.registerCustomFormat).

   platform-yaml / site-yaml: YAML written the way the staff scaffolds write it
   (sme_registry/staff/yaml_text.py): keys in schema order, plain scalars unless the strict
   loader (sme_registry/load/yaml_strict.py) would read them back differently, then
   JSON-style double quotes; dates unquoted ISO. Editing an existing file merges the
   form's values into the original document, so comments, quoting and the order of
   untouched keys survive; every line the edit did not change is written back byte
   for byte.

   notice-header: Pelican's `key: value` header, a blank line, then the Markdown body
   (sme_registry/load/notice_source.py reads it; scaffold.render_notice writes it).

   The resolution rules of plain scalars and the header line pattern come from
   data/editor.json (generated from the Python modules), not from this file. */

import YAML from "yaml";

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

function compileRules(rules) {
  return {
    nulls: new Set(rules.null),
    trues: new Set(rules.true),
    falses: new Set(rules.false),
    patterns: Object.fromEntries(
      ["yaml11_bool", "int", "leading_zero", "float", "iso_date", "loose_date"].map((k) => [k, new RegExp(rules[k])]),
    ),
  };
}

/* What the strict loader makes of `text` written as a plain scalar: the same string, or not. */
function plainReadsBack(text, R) {
  if (text === "" || text !== text.trim() || text.includes("\n")) return false;
  if ("'\"`%@".includes(text[0])) return false;
  let parsed;
  try {
    parsed = YAML.parse(`k: ${text}\n`, { schema: "failsafe", uniqueKeys: true });
  } catch (e) {
    return false;
  }
  if (!isObject(parsed) || parsed.k !== text || Object.keys(parsed).length !== 1) return false;
  if (text[0].charCodeAt(0) > 127) return true; // Chinese text: no resolution rule can match
  const p = R.patterns;
  if (R.nulls.has(text) || R.trues.has(text) || R.falses.has(text)) return false;
  if (p.yaml11_bool.test(text) || p.int.test(text) || p.leading_zero.test(text) || p.float.test(text)) return false;
  if (!p.iso_date.test(text) && p.loose_date.test(text)) return false;
  return true;
}

/* Drop what the form leaves empty (null, "", [], {}) unless the schema requires the key. */
export function prune(value, order) {
  if (Array.isArray(value)) {
    const itemOrder = (order && order.items) || {};
    return value.map((v) => prune(v, itemOrder)).filter((v) => !isEmpty(v));
  }
  if (isObject(value)) {
    const required = new Set((order && order.required) || []);
    const out = {};
    for (const key of Object.keys(value)) {
      const child = prune(value[key], order && order.children && order.children[key]);
      if (!isEmpty(child) || (required.has(key) && Array.isArray(child))) out[key] = child;
    }
    return out;
  }
  if (typeof value === "string") return value;
  return value;
}

function isEmpty(v) {
  return v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0) ||
    (isObject(v) && Object.keys(v).length === 0);
}

function ordered(value, order) {
  if (Array.isArray(value)) return value.map((v) => ordered(v, (order && order.items) || {}));
  if (!isObject(value)) return value;
  const keys = (order && order.keys) || [];
  const names = [...keys.filter((k) => k in value), ...Object.keys(value).filter((k) => !keys.includes(k))];
  return Object.fromEntries(names.map((k) => [k, ordered(value[k], order && order.children && order.children[k])]));
}

function styleScalars(node, R, keepQuoted) {
  YAML.visit(node, {
    Scalar(_, scalar) {
      if (typeof scalar.value === "string") {
        if (!plainReadsBack(scalar.value, R)) scalar.type = "QUOTE_DOUBLE";
        else if (!(keepQuoted && (scalar.type === "QUOTE_DOUBLE" || scalar.type === "QUOTE_SINGLE"))) scalar.type = "PLAIN";
      }
    },
  });
}

const STRINGIFY = { indent: 2, indentSeq: true, lineWidth: 0, minContentWidth: 0, flowCollectionPadding: false };

function newNode(doc, value, R) {
  const node = doc.createNode(value);
  styleScalars(node, R, false);
  return node;
}

function sameScalar(node, value) {
  return YAML.isScalar(node) && !isObject(value) && !Array.isArray(value) && node.value === value;
}

/* Merge `value` into the YAML node in place; returns the node to keep (maybe a new one). */
function isEmptyNode(node) {
  return node === null || node === undefined || (YAML.isScalar(node) && (node.value === null || node.value === "")) ||
    (YAML.isCollection(node) && node.items.length === 0);
}

function mergeNode(doc, node, value, order, R) {
  if (YAML.isMap(node) && isObject(value) && !node.flow) {
    const keys = (order && order.keys) || [];
    // a key the form leaves out goes, except one that was already empty (`annual_reports: []  # …`)
    node.items = node.items.filter((pair) => pair.key &&
      (Object.prototype.hasOwnProperty.call(value, String(pair.key.value ?? pair.key)) || isEmptyNode(pair.value)));
    for (const key of Object.keys(value)) {
      const childOrder = order && order.children && order.children[key];
      const index = node.items.findIndex((pair) => String(pair.key.value ?? pair.key) === key);
      if (index >= 0) {
        const pair = node.items[index];
        pair.value = mergeNode(doc, pair.value, value[key], childOrder, R);
      } else {
        const pair = doc.createPair(key, null);
        pair.value = newNode(doc, ordered(value[key], childOrder), R);
        const rank = keys.indexOf(key);
        let at = 0;
        node.items.forEach((p, i) => {
          const r = keys.indexOf(String(p.key.value ?? p.key));
          if (rank < 0 || (r >= 0 && r < rank)) at = i + 1;
        });
        node.items.splice(at, 0, pair);
      }
    }
    return node;
  }
  if (YAML.isSeq(node) && Array.isArray(value) && (!node.flow || node.items.length === value.length)) {
    const itemOrder = (order && order.items) || {};
    node.items = node.items.slice(0, value.length);
    value.forEach((v, i) => {
      node.items[i] = i < node.items.length && node.items[i] !== undefined
        ? mergeNode(doc, node.items[i], v, itemOrder, R)
        : newNode(doc, ordered(v, itemOrder), R);
    });
    return node;
  }
  if (sameScalar(node, value)) return node;
  if (YAML.isScalar(node) && !isObject(value) && !Array.isArray(value)) {
    node.value = value;
    styleScalars(node, R, true);
    return node;
  }
  const fresh = newNode(doc, ordered(value, order), R);
  if (node && node.comment) fresh.comment = node.comment; // keep an end-of-line comment such as `terms: []  # …`
  return fresh;
}

/* Lines the edit did not change are put back exactly as they were (the YAML library
   writes one space before `#` and moves `key:  # comment` of a block onto the next line). */
function restoreLines(original, output) {
  const norm = (line) => line.replace(/[ \t]+#/, " #").replace(/[ \t]+$/, "");
  const seen = new Map();
  for (const line of original.split("\n")) if (!seen.has(norm(line))) seen.set(norm(line), line);
  const out = output.split("\n");
  const result = [];
  for (let i = 0; i < out.length; i++) {
    const line = out[i];
    const next = out[i + 1];
    if (next !== undefined && /:$/.test(line) && /^\s*#/.test(next)) {
      const joined = norm(`${line} ${next.trim()}`);
      if (seen.has(joined)) {
        result.push(seen.get(joined));
        i++;
        continue;
      }
    }
    result.push(seen.has(norm(line)) ? seen.get(norm(line)) : line);
  }
  return result.join("\n");
}

function deepEqual(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

function canonical(v) {
  if (Array.isArray(v)) return v.map(canonical);
  if (isObject(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical(v[k])]));
  return v;
}

function parse(text) {
  return YAML.parse(text, { schema: "core", uniqueKeys: true }) ?? {};
}

/* A YAML format. `keyOf(data)` names the file an entry came from, so that saving merges
   into that file's original text. */
export function yamlFormat(order, rules, { headComment = "", keyOf = () => "" } = {}) {
  const R = compileRules(rules);
  const sources = new Map();
  const format = {
    fromFile(text) {
      const data = parse(text);
      if (isObject(data)) sources.set(keyOf(data), text);
      return data;
    },
    toFile(data) {
      const value = prune(data, order);
      const key = keyOf(value);
      const text = format.render(value, sources.get(key));
      sources.set(key, text); // a second save in the same session merges into what was written
      return text;
    },
    render(value, original) {
      const want = canonical(value);
      const same = (text) => deepEqual(canonical(prune(parse(text), order)), want);
      if (original !== undefined) {
        const doc = YAML.parseDocument(original, { uniqueKeys: true });
        if (!doc.errors.length && YAML.isMap(doc.contents)) {
          doc.contents = mergeNode(doc, doc.contents, value, order, R);
          const plain = doc.toString(STRINGIFY);
          const restored = restoreLines(original, plain);
          if (same(restored)) return restored;
          if (same(plain)) return plain;
        }
      }
      const doc = new YAML.Document(ordered(value, order));
      styleScalars(doc.contents, R, false);
      if (headComment) doc.commentBefore = headComment.replace(/^#/, "");
      const text = doc.toString(STRINGIFY);
      if (!same(text)) throw new Error("YAML 输出与表单内容不一致，已停止保存");
      return text;
    },
  };
  return format;
}

/* Pelican's header: `key: value` lines in schema order, a blank line, the body. */
export function noticeFormat(order, headerLine) {
  const line = new RegExp(headerLine);
  const keys = order.keys;
  return {
    fromFile(text) {
      const lines = text.replace(/\r\n/g, "\n").split("\n");
      const data = {};
      let i = 0;
      for (; i < lines.length; i++) {
        if (!lines[i].trim()) break;
        const m = line.exec(lines[i]);
        if (m && !(m[1] in data)) data[m[1]] = m[2].trim();
      }
      data.body = lines.slice(i + 1).join("\n");
      if (typeof data.platforms === "string") data.platforms = data.platforms.split(",").map((s) => s.trim()).filter(Boolean);
      return data;
    },
    toFile(data) {
      const header = [];
      const names = [...keys.filter((k) => k in data), ...Object.keys(data).filter((k) => k !== "body" && !keys.includes(k))];
      for (const key of names) {
        let value = data[key];
        if (Array.isArray(value)) value = value.filter((v) => v !== null && v !== "").join(", ");
        if (value === null || value === undefined || value === "") continue;
        value = String(value).split(/\s+/).filter(Boolean).join(" ");
        if (value) header.push(`${key}: ${value}`);
      }
      const body = String(data.body ?? "").replace(/^\n+|\n+$/g, "");
      return header.join("\n") + "\n\n" + body + "\n";
    },
  };
}
