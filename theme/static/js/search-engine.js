/*
 * 搜索引擎 — the query engine of the search page, without any DOM code.
 *
 * Loads lunr (theme/vendor/lunr/lunr.min.js) and SmeTokenizer (search-tokenizer.js)
 * before it; exports window.SmeSearchEngine in a browser and module.exports under node
 * (the parity tests run this very file against sme_registry/search/engine.py).
 * theme/js/search.js is the page script that uses it.
 *
 * What it does: expandIndex (the compact index → lunr's serialisation, as
 * expand_index() in sme_registry/search/index_builder.py), loadBundle, planQuery,
 * alternatives (pinyin/initials/code substring scan), evaluate, search (ranked, as
 * engine.search()) and highlightSegments (for marking matches in results).
 */
(function (root, factory) {
  "use strict";
  var isNode = typeof module === "object" && module.exports;
  var deps = isNode
    ? {
        lunr: require("../vendor/lunr/lunr.min.js"),
        tok: require("./search-tokenizer.js")
      }
    : { lunr: root.lunr, tok: root.SmeTokenizer };
  var api = factory(deps.lunr, deps.tok);
  if (isNode) module.exports = api;
  else root.SmeSearchEngine = api;
})(typeof self !== "undefined" ? self : this, function (lunrArg, Tok) {
  "use strict";

  // lunr may be loaded after this file (the search page loads it only when the query work
  // falls back from the Web Worker to the main thread), so it is looked up when used.
  function L() {
    return lunrArg || (typeof self !== "undefined" ? self.lunr : undefined);
  }

  var SCAN_FIELDS = ["py", "ini", "code"];
  var LETTERS = /^[a-z]+$/;
  var ALNUM = /^[0-9a-z]+$/;

  // ---------------------------------------------------------------- lunr setup
  // Queries are tokenised by SmeTokenizer, never by lunr's whitespace tokenizer or
  // English pipeline; replace lunr.tokenizer so any lunr code path agrees.
  function installTokenizer() {
    var separator = L().tokenizer.separator;
    L().tokenizer = function (obj, metadata) {
      if (obj === null || obj === undefined) return [];
      var list = Array.isArray(obj) ? obj.map(String) : Tok.tokenize(String(obj));
      return list.map(function (t, i) {
        var md = L().utils.clone(metadata) || {};
        md.index = i;
        var Token = L().Token;
        return new Token(t, md);
      });
    };
    L().tokenizer.separator = separator;
  }

  // ------------------------------------------------------- index (de)serialising
  // Inverse of compact_index() in sme_registry/search/index_builder.py; mirrors
  // expand_index() there. Returns lunr's own serialised form for lunr.Index.load.
  var EMPTY = Object.freeze({});

  function expandIndex(compact, k1, b) {
    var n = compact.n;
    var fields = compact.fields.map(function (f) {
      return f[0];
    });
    var boosts = compact.fields.map(function (f) {
      return f[1];
    });
    var terms = compact.terms;
    // tf[f]: Map(ref -> Map(termIndex -> count)); refs and term indexes ascend
    // in insertion order because postings are sorted by term, then by ref.
    var tf = fields.map(function () {
      return new Map();
    });
    var docsWithTerm = new Array(terms.length).fill(0);
    var inverted = new Array(terms.length);
    for (var t = 0; t < terms.length; t++) {
      // lunr only reads postings; absent fields and the (empty) per-document
      // metadata share one frozen object, which keeps loading fast.
      var posting = { _index: t };
      for (var fi = 0; fi < fields.length; fi++) posting[fields[fi]] = EMPTY;
      var flat = compact.postings[t];
      var f = -1;
      var ref = 0;
      var prev = -1;
      for (var j = 0; j < flat.length; j++) {
        var x = flat[j];
        if (x < 0) {
          f = -x - 1;
          ref = 0;
          prev = -1;
          continue;
        }
        ref += x;
        var byRef = tf[f];
        var counts = byRef.get(ref);
        if (!counts) {
          counts = new Map();
          byRef.set(ref, counts);
        }
        if (ref !== prev) {
          docsWithTerm[t] += 1;
          if (posting[fields[f]] === EMPTY) posting[fields[f]] = {};
          posting[fields[f]][ref] = EMPTY;
          counts.set(t, 1);
          prev = ref;
        } else {
          counts.set(t, counts.get(t) + 1);
        }
      }
      inverted[t] = [terms[t], posting];
    }
    var idf = docsWithTerm.map(function (d) {
      return Math.log(1 + Math.abs((n - d + 0.5) / (d + 0.5)));
    });
    var vectors = [];
    tf.forEach(function (byRef, fIdx) {
      var lengths = new Map();
      var total = 0;
      byRef.forEach(function (counts, r) {
        var len = 0;
        counts.forEach(function (c) {
          len += c;
        });
        lengths.set(r, len);
        total += len;
      });
      var avg = n ? total / n : 0;
      var refs = Array.from(byRef.keys()).sort(function (p, q) {
        return p - q;
      });
      refs.forEach(function (r) {
        var counts = byRef.get(r);
        var len = lengths.get(r);
        var elements = [];
        // Map keeps insertion order, which is ascending term index.
        counts.forEach(function (count, ti) {
          var score =
            (idf[ti] * ((k1 + 1) * count)) / (k1 * (1 - b + b * (len / avg)) + count);
          score *= boosts[fIdx];
          elements.push(ti, Math.round(score * 1000) / 1000);
        });
        vectors.push([fields[fIdx] + "/" + r, elements]);
      });
    });
    return {
      version: L().version,
      fields: fields,
      fieldVectors: vectors,
      invertedIndex: inverted,
      pipeline: []
    };
  }

  function scanTerms(compact) {
    var out = {};
    SCAN_FIELDS.forEach(function (name) {
      var f = -1;
      for (var i = 0; i < compact.fields.length; i++) {
        if (compact.fields[i][0] === name) f = i;
      }
      if (f < 0) return;
      var marker = -(f + 1);
      out[name] = compact.terms.filter(function (term, t) {
        return compact.postings[t].indexOf(marker) >= 0;
      });
    });
    return out;
  }

  function rowsOf(table) {
    return table.rows.map(function (row) {
      var o = {};
      table.keys.forEach(function (k, i) {
        o[k] = row[i];
      });
      return o;
    });
  }

  function loadBundle(indexJson, docsJson) {
    var k1 = indexJson.k1_1000 / 1000;
    var b = indexJson.b_1000 / 1000;
    var out = {};
    [
      ["platforms", "name"],
      ["notices", "title"]
    ].forEach(function (kt) {
      var compact = indexJson[kt[0]];
      out[kt[0]] = {
        index: L().Index.load(expandIndex(compact, k1, b)),
        rows: rowsOf(docsJson[kt[0]]),
        titleKey: kt[1],
        scan: scanTerms(compact)
      };
    });
    return out;
  }

  // ---------------------------------------------------------------- querying
  function planQuery(query) {
    var tokens = Tok.tokenizeQuery(query);
    if (!tokens.length) return [];
    var joined = [];
    var latin = [];
    tokens.concat([null]).forEach(function (tok) {
      if (tok !== null && LETTERS.test(tok)) {
        latin.push(tok);
        return;
      }
      if (latin.length) {
        joined.push(Array.from(latin.join("")).slice(0, Tok.MAX_WORD_CHARS).join(""));
        latin = [];
      }
      if (tok !== null) joined.push(tok);
    });
    var variants = [tokens];
    if (joined.join("\u0000") !== tokens.join("\u0000")) variants.push(joined);
    return variants;
  }

  // Between the syllables of a py term ("gao'tang'xian"), as pinyin_terms.SYLLABLE_SEP.
  var SYLLABLE_SEP = "'";

  // Mirrors pinyin_terms.syllable_match(): `token` occurs in the py term's letters, starting
  // where a syllable starts ("tang" and "gaotang" find gao'tang'xian, "aot" and "gt" do not).
  // (No strings are made: a large bucket holds tens of thousands of py terms.)
  function syllableMatch(token, term) {
    for (var i = 0; i < term.length; i++) {
      if (i > 0 && term.charAt(i - 1) !== SYLLABLE_SEP) continue;
      var j = i;
      var k = 0;
      while (k < token.length && j < term.length) {
        var c = term.charAt(j);
        if (c === SYLLABLE_SEP) j++;
        else if (c === token.charAt(k)) {
          j++;
          k++;
        } else break;
      }
      if (k === token.length) return true;
    }
    return false;
  }

  // The shortest initials word that may skip a letter (engine.py INITIALS_SKIP_MIN).
  var INITIALS_SKIP_MIN = 4;

  // The result groups in the order the search page lists them (search.js); the worker fetches
  // the first row of the first group that has one before it answers (search-shards.js).
  var GROUP_ORDER = ["platforms", "notices"];

  // Mirrors initials_match() in engine.py: substring, or (INITIALS_SKIP_MIN+ letters) with one
  // letter of the term skipped, so "lcgx" finds 聊城市冠县 ("lcsgx").
  function initialsMatch(token, term) {
    if (term.indexOf(token) >= 0) return true;
    if (token.length < INITIALS_SKIP_MIN) return false;
    for (var k = 1; k < token.length; k++) {
      var head = token.slice(0, k);
      var tail = token.slice(k);
      var start = term.indexOf(head);
      while (start >= 0) {
        if (term.startsWith(tail, start + head.length + 1)) return true;
        start = term.indexOf(head, start + 1);
      }
    }
    return false;
  }

  // How a query word matches a term of each scanned field (engine.py _MATCH).
  var MATCH = {
    py: syllableMatch,
    ini: initialsMatch,
    code: function (token, term) {
      return term.indexOf(token) >= 0;
    }
  };

  function alternatives(loaded, token) {
    var out = [];
    var scans = [];
    var len = Array.from(token).length;
    if (len >= 2 && LETTERS.test(token)) scans.push("py", "ini");
    if (len >= 4 && ALNUM.test(token)) scans.push("code");
    scans.forEach(function (f) {
      var terms = loaded.scan[f] || [];
      var match = MATCH[f];
      for (var i = 0; i < terms.length; i++) {
        if (terms[i] === token) continue; // the exact term is queried anyway
        if (match(token, terms[i])) out.push([terms[i], f]);
      }
    });
    return out;
  }

  function evaluate(loaded, tokens) {
    var index = loaded.index;
    var simple = [];
    var groups = [];
    tokens.forEach(function (tok) {
      var alts = alternatives(loaded, tok);
      if (alts.length) groups.push([tok, alts]);
      else simple.push(tok);
    });
    var result = null;
    function merge(matches) {
      var found = new Map();
      matches.forEach(function (m) {
        found.set(m.ref, m.score);
      });
      if (result === null) return found;
      var next = new Map();
      result.forEach(function (score, ref) {
        if (found.has(ref)) next.set(ref, score + found.get(ref));
      });
      return next;
    }
    if (simple.length) result = merge(requiredQuery(index, simple));
    for (var g = 0; g < groups.length; g++) {
      if (result !== null && result.size === 0) break;
      result = merge(optionalQuery(index, groups[g][0], groups[g][1]));
    }
    return result || new Map();
  }

  // index.query() of one optional clause for `tok` (every field) and one per alternative
  // [term, field] (that field): what evaluate() asks for a token with pinyin / initials / code
  // alternatives (hundreds of them for a short initials query).
  function optionalQuery(index, tok, alts, viaLunr) {
    var clauses = [[tok, index.fields]].concat(
      alts.map(function (a) {
        return [a[0], [a[1]]];
      })
    );
    return clauseQuery(index, clauses, false, viaLunr);
  }

  // index.query() of one required clause per token (every field): evaluate()'s query for the
  // tokens without alternatives.
  function requiredQuery(index, toks, viaLunr) {
    return clauseQuery(
      index,
      toks.map(function (t) {
        return [t, index.fields];
      }),
      true,
      viaLunr
    );
  }

  // lunr.Index.prototype.query (lunr 2.3.9) for `clauses` ([term, fields], usePipeline false,
  // boost 1; all optional, or with `required` all required), computed as lunr computes it, with
  // lunr's own Vector for the scores, but without a TokenSet, lunr.Set and MatchData per clause:
  // for a term without the wildcard `*` the TokenSet finds the term itself, if the index has
  // it. The same matches and bit-identical scores (the same float operations in the same
  // order): documents score the sum, over the "field/ref" pairs in the order lunr first meets
  // them, of the field's query vector's similarity to that field vector.
  // tests/search/test_direct_query.py compares this with `viaLunr` on generated indexes.
  function clauseQuery(index, clauses, required, viaLunr) {
    // an index that scores clauses itself (search-shards.js Kind.compact), with these steps
    if (index.clauseQuery && !viaLunr) return index.clauseQuery(clauses, required);
    var wild = clauses.some(function (c) {
      return c[0].indexOf("*") >= 0;
    });
    if (viaLunr || wild) {
      var presence = required ? L().Query.presence.REQUIRED : L().Query.presence.OPTIONAL;
      return index.query(function (q) {
        clauses.forEach(function (c) {
          q.term(c[0], { usePipeline: false, fields: c[1], presence: presence });
        });
      });
    }
    var counts = Object.create(null); // field -> Map(term index -> summed boost)
    index.fields.forEach(function (f) {
      counts[f] = new Map();
    });
    var matching = new Map(); // "field/ref" -> ref, in the order lunr's matchingFields first sees them
    var done = new Set(); // lunr's termFieldCache
    var allowed = null; // with `required`: the documents that have every term (in some field)
    for (var i = 0; i < clauses.length; i++) {
      var c = clauses[i];
      var posting = index.invertedIndex[c[0]];
      if (posting === undefined) {
        if (required) return [];
        continue;
      }
      var has = required ? new Set() : null;
      c[1].forEach(function (field) {
        var m = counts[field];
        m.set(posting._index, (m.get(posting._index) || 0) + 1);
        var refs = Object.keys(posting[field]);
        if (has) {
          refs.forEach(function (ref) {
            has.add(ref);
          });
        }
        var termField = c[0] + "/" + field;
        if (done.has(termField)) return;
        refs.forEach(function (ref) {
          var key = field + "/" + ref;
          if (!matching.has(key)) matching.set(key, ref);
        });
        done.add(termField);
      });
      if (has) {
        allowed =
          allowed === null
            ? has
            : new Set(
                Array.from(allowed).filter(function (ref) {
                  return has.has(ref);
                })
              );
      }
    }
    var vectors = Object.create(null);
    index.fields.forEach(function (f) {
      var elements = [];
      Array.from(counts[f].keys())
        .sort(function (a, b) {
          return a - b;
        })
        .forEach(function (t) {
          elements.push(t, counts[f].get(t));
        });
      vectors[f] = new (L().Vector)(elements);
    });
    var results = [];
    var byRef = new Map();
    matching.forEach(function (ref, key) {
      if (allowed !== null && !allowed.has(ref)) return;
      var field = key.slice(0, key.length - ref.length - 1);
      var score = vectors[field].similarity(index.fieldVectors[key]);
      var match = byRef.get(ref);
      if (match !== undefined) match.score += score;
      else {
        match = { ref: ref, score: score };
        byRef.set(ref, match);
        results.push(match);
      }
    });
    return results.sort(function (a, b) {
      return b.score - a.score;
    });
  }

  // The query as name classes compare it with titles (its first MAX_INPUT_CHARS, cleaned).
  function queryClean(query) {
    return Tok.clean(Array.from(String(query)).slice(0, Tok.MAX_INPUT_CHARS).join(""));
  }

  function nameClass(queryClean, title) {
    var t = Tok.clean(title);
    if (!queryClean || !t) return 0;
    if (t === queryClean) return 3;
    if (t.indexOf(queryClean) === 0) return 2;
    if (t.indexOf(queryClean) >= 0) return 1;
    return 0;
  }

  // {platforms: [[row, score], ...], notices: [...]}, ranked; mirrors engine.search().
  function search(bundle, query) {
    var variants = planQuery(query);
    var qClean = queryClean(query);
    var out = {};
    Object.keys(bundle).forEach(function (kind) {
      var loaded = bundle[kind];
      var scores = new Map();
      variants.forEach(function (tokens) {
        evaluate(loaded, tokens).forEach(function (score, ref) {
          if (!scores.has(ref) || score > scores.get(ref)) scores.set(ref, score);
        });
      });
      var ranked = Array.from(scores.entries()).map(function (rs) {
        var row = Number(rs[0]);
        return [row, rs[1], nameClass(qClean, loaded.rows[row][loaded.titleKey])];
      });
      ranked.sort(function (p, q) {
        return q[2] - p[2] || q[1] - p[1] || p[0] - q[0];
      });
      out[kind] = ranked.map(function (r) {
        return [r[0], r[1]];
      });
    });
    return out;
  }

  // ------------------------------------------------------------- highlighting
  // [{text, mark}] segments of `text` with every occurrence of a needle marked;
  // matching is done on normalised characters mapped back to the original ones.
  function highlightSegments(text, needles) {
    var cps = Array.from(String(text || ""));
    var norm = [];
    var owner = [];
    cps.forEach(function (ch, i) {
      Array.from(Tok.normalize(ch)).forEach(function (c) {
        if (Tok.classify(c) === "X") return;
        norm.push(c);
        owner.push(i);
      });
    });
    var marked = new Array(cps.length).fill(false);
    needles.forEach(function (needle) {
      var nd = Array.from(needle);
      if (!nd.length) return;
      for (var s = 0; s + nd.length <= norm.length; s++) {
        var ok = true;
        for (var k = 0; k < nd.length; k++) {
          if (norm[s + k] !== nd[k]) {
            ok = false;
            break;
          }
        }
        if (ok) for (var m = 0; m < nd.length; m++) marked[owner[s + m]] = true;
      }
    });
    var segs = [];
    cps.forEach(function (ch, i) {
      var last = segs[segs.length - 1];
      if (last && last.mark === marked[i]) last.text += ch;
      else segs.push({ text: ch, mark: marked[i] });
    });
    return segs;
  }

  return {
    expandIndex: expandIndex,
    loadBundle: loadBundle,
    planQuery: planQuery,
    alternatives: alternatives,
    INITIALS_SKIP_MIN: INITIALS_SKIP_MIN,
    GROUP_ORDER: GROUP_ORDER,
    SYLLABLE_SEP: SYLLABLE_SEP,
    syllableMatch: syllableMatch,
    evaluate: evaluate,
    optionalQuery: optionalQuery,
    requiredQuery: requiredQuery,
    search: search,
    nameClass: nameClass,
    queryClean: queryClean,
    highlightSegments: highlightSegments,
    installTokenizer: installTokenizer
  };
});
