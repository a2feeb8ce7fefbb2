/*
 * The search tokeniser (browser side).
 *
 * This file and sme_registry/search/tokenizer.py implement ONE tokeniser;
 * tests/search/test_tokenizer_parity.py runs both over the same corpus and
 * requires identical output. Change both or neither. The rules are written out
 * in the Python module's docstring and in docs/search.md.
 *
 * Usable as a browser global (window.SmeTokenizer) and from node
 * (module.exports). No dependencies, no DOM access.
 */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  } else {
    root.SmeTokenizer = api;
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var HAN = "H";
  var WORD = "W";
  var DROP = "X";
  var SEP = "S";

  // Inclusive code point ranges treated as Han; identical to HAN_RANGES in tokenizer.py.
  var HAN_RANGES = [
    [0x3005, 0x3005], // 々 ideographic iteration mark
    [0x3007, 0x3007], // 〇 ideographic number zero
    [0x3400, 0x4dbf], // extension A
    [0x4e00, 0x9fff], // CJK Unified Ideographs
    [0xf900, 0xfaff], // compatibility ideographs
    [0x20000, 0x2a6df], // extension B
    [0x2a700, 0x2ee5f], // extensions C, D, E, F, I
    [0x2f800, 0x2fa1f], // compatibility ideographs supplement
    [0x30000, 0x323af] // extensions G, H
  ];

  var MAX_WORD_CHARS = 32;
  var MAX_QUERY_TOKENS = 100;
  var MAX_INPUT_CHARS = 1000;

  var WORD_RE = /^[\p{L}\p{N}]$/u;
  var DROP_RE = /^[\p{Cf}\p{Mn}\p{Me}]$/u;

  function isHan(cp) {
    for (var i = 0; i < HAN_RANGES.length; i++) {
      if (cp < HAN_RANGES[i][0]) return false;
      if (cp <= HAN_RANGES[i][1]) return true;
    }
    return false;
  }

  function classify(ch) {
    if (isHan(ch.codePointAt(0))) return HAN;
    if (WORD_RE.test(ch)) return WORD;
    if (DROP_RE.test(ch)) return DROP;
    return SEP;
  }

  function normalize(text) {
    return String(text).normalize("NFKC").toLowerCase();
  }

  // Array of code points (as strings); a string indexed by code point, like Python's str.
  function chars(text) {
    return Array.from(text);
  }

  // [[kind, runChars], ...] with kind HAN or WORD and runChars an array of code points.
  function runs(text) {
    var out = [];
    var kind = null;
    var buf = [];
    var cs = chars(normalize(text));
    for (var i = 0; i < cs.length; i++) {
      var c = classify(cs[i]);
      if (c === DROP) continue;
      if (c !== kind) {
        if (buf.length) out.push([kind, buf]);
        buf = [];
        kind = c;
      }
      if (c === SEP) continue;
      buf.push(cs[i]);
    }
    if (buf.length) out.push([kind, buf]);
    return out;
  }

  function tokenize(text, options) {
    var unigrams = !(options && options.unigrams === false);
    var out = [];
    if (!text) return out;
    var rs = runs(text);
    for (var r = 0; r < rs.length; r++) {
      var run = rs[r][1];
      if (rs[r][0] === WORD) {
        out.push(run.slice(0, MAX_WORD_CHARS).join(""));
        continue;
      }
      var n = run.length;
      for (var i = 0; i < n; i++) {
        if (unigrams || n === 1) out.push(run[i]);
        if (i + 1 < n) out.push(run[i] + run[i + 1]);
      }
    }
    return out;
  }

  function tokenizeQuery(text) {
    var out = [];
    if (!text) return out;
    text = chars(String(text)).slice(0, MAX_INPUT_CHARS).join("");
    var seen = Object.create(null);
    function add(tok) {
      if (!seen[tok]) {
        seen[tok] = true;
        out.push(tok);
      }
    }
    var rs = runs(text);
    for (var r = 0; r < rs.length; r++) {
      var run = rs[r][1];
      if (rs[r][0] === WORD) {
        add(run.slice(0, MAX_WORD_CHARS).join(""));
      } else if (run.length === 1) {
        add(run[0]);
      } else {
        for (var i = 0; i + 1 < run.length; i++) add(run[i] + run[i + 1]);
      }
      if (out.length >= MAX_QUERY_TOKENS) break;
    }
    return out.slice(0, MAX_QUERY_TOKENS);
  }

  function clean(text) {
    if (!text) return "";
    return runs(text)
      .map(function (r) {
        return r[1].join("");
      })
      .join("");
  }

  return {
    HAN: HAN,
    WORD: WORD,
    HAN_RANGES: HAN_RANGES,
    MAX_WORD_CHARS: MAX_WORD_CHARS,
    MAX_QUERY_TOKENS: MAX_QUERY_TOKENS,
    MAX_INPUT_CHARS: MAX_INPUT_CHARS,
    isHan: isHan,
    classify: classify,
    normalize: normalize,
    runs: runs,
    tokenize: tokenize,
    tokenizeQuery: tokenizeQuery,
    clean: clean
  };
});
