/*
 * 分片搜索 — the search client over the term-sharded index (sme_registry/search/shards.py).
 *
 * Loads lunr, SmeTokenizer and SmeSearchEngine before it; exports self.SmeShards in a browser
 * or worker and module.exports under node (tests/search/test_shard_parity.py runs this very file).
 *
 * open(getJson) → a client; getJson(path) resolves the parsed JSON of search/<path>. For a query
 * the client fetches only the term shards of its tokens, the scan buckets that can hold their
 * pinyin / initials / credit-code alternatives, and, for very common terms, only the posting
 * blocks that cover the documents every other token allows. It assembles a lunr.Index holding
 * just those terms (postings + field-vector entries) and runs SmeSearchEngine.evaluate on it:
 * lunr scores with the dot product divided by the query vector's magnitude only, so results
 * and scores equal those of the full index (SmeSearchEngine.search on index.json). Everything
 * fetched is kept for the next keystroke. No DOM access.
 */
(function (root, factory) {
  "use strict";
  var isNode = typeof module === "object" && module.exports;
  var deps = isNode
    ? {
        lunr: require("../vendor/lunr/lunr.min.js"),
        tok: require("./search-tokenizer.js"),
        eng: require("./search-engine.js")
      }
    : { lunr: root.lunr, tok: root.SmeTokenizer, eng: root.SmeSearchEngine };
  var api = factory(deps.lunr, deps.tok, deps.eng);
  if (isNode) module.exports = api;
  else root.SmeShards = api;
})(typeof self !== "undefined" ? self : this, function (lunr, Tok, Engine) {
  "use strict";

  var LETTERS = /^[a-z]+$/;
  var ALNUM = /^[0-9a-z]+$/;
  var SIZE_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz";
  var EMPTY = Object.freeze({});

  // CRC-32 (IEEE, as zlib.crc32) over the UTF-16LE bytes of s; term_hash() in shards.py.
  var CRC_TABLE = (function () {
    var table = new Int32Array(256);
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c;
    }
    return table;
  })();

  function termHash(s) {
    var c = -1;
    for (var i = 0; i < s.length; i++) {
      var u = s.charCodeAt(i);
      c = CRC_TABLE[(c ^ u) & 0xff] ^ (c >>> 8);
      c = CRC_TABLE[(c ^ (u >>> 8)) & 0xff] ^ (c >>> 8);
    }
    return (c ^ -1) >>> 0;
  }

  function grams(cps, n) {
    var out = [];
    for (var i = 0; i + n <= cps.length; i++) out.push(cps.slice(i, i + n).join(""));
    return out;
  }

  // flat posting → {f: [[ref, tf, len, cls], ...]}; `only` = the field of a scan-bucket posting.
  function decode(flat, only) {
    var out = {};
    var f = only === undefined ? -1 : only;
    var list = only === undefined ? null : (out[only] = []);
    var ref = 0;
    var j = 0;
    while (j < flat.length) {
      if (flat[j] < 0) {
        f = -flat[j] - 1;
        list = out[f] = [];
        ref = 0;
        j += 1;
        continue;
      }
      ref += flat[j];
      if (f === 0 && only === undefined) {
        list.push([ref, flat[j + 1], flat[j + 2], flat[j + 3]]);
        j += 4;
      } else {
        list.push([ref, flat[j + 1], flat[j + 2], 0]);
        j += 3;
      }
    }
    return out;
  }

  // A scan-bucket entry {term, df, post} whose posting is decoded the first time it is read.
  // A bucket holds every term whose keys hash there; a query reads only those its token can
  // stand for (lcjbs at 10,000 platforms: 1,870 of the 6,057 entries of its buckets).
  function ScanEntry(term, df, flat, field) {
    this.term = term;
    this.df = df;
    this.flat = flat;
    this.field = field;
    this.decoded = null;
  }
  Object.defineProperty(ScanEntry.prototype, "post", {
    get: function () {
      if (this.decoded === null) {
        this.decoded = decode(this.flat, this.field);
        this.flat = null;
      }
      return this.decoded;
    }
  });

  function intersect(a, b) {
    var out = new Set();
    a.forEach(function (x) {
      if (b.has(x)) out.add(x);
    });
    return out;
  }

  function Kind(client, name, m) {
    this.client = client;
    this.name = name;
    this.m = m;
    this.base = m.path + "/";
    this.fields = m.fields.map(function (f) {
      return f[0];
    });
    // Titles the postings cannot classify (shards.py TITLE_SETS): name → Set of refs.
    this.special = {};
    var self = this;
    Object.keys(m.special).forEach(function (name) {
      var set = (self.special[name] = new Set());
      var ref = 0;
      m.special[name].forEach(function (d) {
        ref += d;
        set.add(ref);
      });
    });
    this.shards = new Map(); // shard number → Promise<Map(term → entry)>
    this.buckets = new Map(); // "field/h" → Promise<entries>
    this.blocks = new Map(); // "b-j" → Promise<{f: list}>
    this.chunks = new Map();
    this.facetRows = null;
  }

  Kind.prototype.get = function (cache, key, path, make) {
    var p = cache.get(key);
    if (!p) {
      p = this.client.getJson(this.base + path).then(make);
      cache.set(key, p);
    }
    return p;
  };

  // The term's entry: {term, df, post: {f: [...]}} or {term, df, blocks: {b, s}}; null if absent.
  Kind.prototype.term = function (term) {
    var h = termHash(term) & (this.m.terms - 1);
    return this.get(this.shards, h, "t/" + h + ".json", function (list) {
      var map = new Map();
      list.forEach(function (e) {
        map.set(e[0], e);
      });
      return map;
    }).then(function (map) {
      var e = map.get(term);
      if (!e) return null;
      if (Array.isArray(e[2])) return { term: e[0], df: e[1], post: decode(e[2]) };
      return { term: e[0], df: e[1], blocks: e[2] };
    });
  };

  Kind.prototype.bucketSize = function (field, key) {
    var s = this.client.manifest.scan[field];
    return SIZE_DIGITS.indexOf(s.sizes.charAt(termHash(key) & (s.buckets - 1)));
  };

  // The scan buckets are shared by the kinds (s/<field>/<h>.json at the top); this kind's part
  // of each entry is at index `slot`.
  Kind.prototype.bucket = function (field, key) {
    var s = this.client.manifest.scan[field];
    var h = termHash(key) & (s.buckets - 1);
    var fi = this.fields.indexOf(field);
    var slot = this.m.slot;
    var p = this.buckets.get(field + "/" + h);
    if (!p && s.sizes.charAt(h) === "0") p = Promise.resolve([]); // no entries: not written (shards.NO_FILE)
    if (!p) {
      p = this.client.getJson("s/" + field + "/" + h + ".json").then(function (list) {
        var out = [];
        list.forEach(function (e) {
          var part = e[slot];
          if (part) out.push(new ScanEntry(e[0], part[0], part[1], fi));
        });
        return out;
      });
      this.buckets.set(field + "/" + h, p);
    }
    return p;
  };

  Kind.prototype.block = function (b, j) {
    return this.get(this.blocks, b + "-" + j, "b/" + b + "-" + j + ".json", function (flat) {
      return decode(flat);
    });
  };

  // The keys whose buckets hold every term of `field` that `token` can stand for
  // (engine.alternatives: substring; for ini also with one letter skipped; for py from the
  // start of a syllable only).
  Kind.prototype.scanKeys = function (field, token) {
    var self = this;
    var grams2 = this.client.manifest.scan[field].grams;
    var cps = Array.from(token);
    function rarest(keys) {
      var best = null;
      var size = Infinity;
      keys.forEach(function (k) {
        var s = self.bucketSize(field, k);
        if (s < size) {
          size = s;
          best = k;
        }
      });
      return best;
    }
    function options(part) {
      var keys = [];
      if (grams2.indexOf("3") >= 0) keys = keys.concat(grams(part, 3));
      if (grams2.indexOf("2") >= 0) keys = keys.concat(grams(part, 2));
      return keys;
    }
    var out = [];
    var whole = options(cps);
    if (grams2.indexOf("s") >= 0) {
      // py: keyed by the first two and three letters of each syllable (shards.scan_keys), and
      // a word matches from a syllable's start only
      out.push(cps.slice(0, 3).join(""));
    } else if (whole.length) out.push(rarest(whole));
    if (field === "ini" && cps.length >= Engine.INITIALS_SKIP_MIN) {
      for (var k = 1; k < cps.length; k++) {
        var keys = options(cps.slice(0, k)).concat(options(cps.slice(k)));
        if (keys.length) out.push(rarest(keys));
      }
    }
    return out.filter(function (k, i) {
      return k !== null && out.indexOf(k) === i;
    });
  };

  // {field: Map(term → entry)} of every scan term that may stand for one of `tokens`.
  Kind.prototype.scanFor = function (tokens) {
    var self = this;
    var jobs = [];
    tokens.forEach(function (tok) {
      var len = Array.from(tok).length;
      var fields = [];
      if (len >= 2 && LETTERS.test(tok)) fields.push("py", "ini");
      if (len >= 4 && ALNUM.test(tok)) fields.push("code");
      fields.forEach(function (f) {
        if (self.m.scan.indexOf(f) < 0) return;
        self.scanKeys(f, tok).forEach(function (key) {
          jobs.push(
            self.bucket(f, key).then(function (entries) {
              return [f, entries];
            })
          );
        });
      });
    });
    return Promise.all(jobs).then(function (parts) {
      var out = {};
      parts.forEach(function (p) {
        var map = out[p[0]] || (out[p[0]] = new Map());
        p[1].forEach(function (e) {
          map.set(e.term, e);
        });
      });
      return out;
    });
  };

  function docsOf(post, into) {
    Object.keys(post).forEach(function (f) {
      post[f].forEach(function (d) {
        into.add(d[0]);
      });
    });
    return into;
  }

  // Loads a blocked entry's blocks that may hold documents of `cands` (all when null) into e.post.
  Kind.prototype.fill = function (e, cands) {
    var self = this;
    var starts = e.blocks.s;
    var want = [];
    for (var j = 0; j < starts.length; j++) {
      var lo = starts[j];
      var hi = j + 1 < starts.length ? starts[j + 1] : Infinity;
      var hit = cands === null;
      if (!hit) {
        cands.forEach(function (r) {
          if (r >= lo && r < hi) hit = true;
        });
      }
      if (hit) want.push(j);
    }
    return Promise.all(
      want.map(function (j) {
        return self.block(e.blocks.b, j);
      })
    ).then(function (parts) {
      var post = {};
      parts.forEach(function (p) {
        Object.keys(p).forEach(function (f) {
          post[f] = (post[f] || []).concat(p[f]);
        });
      });
      return { term: e.term, df: e.df, post: post };
    });
  };

  // Evaluates one token list (a planQuery variant): {scores: Map(ref string → score), terms, cands}.
  Kind.prototype.evaluate = function (tokens) {
    var self = this;
    return Promise.all([Promise.all(tokens.map(this.term, this)), this.scanFor(tokens)]).then(
      function (got) {
        var exact = got[0];
        var scanned = got[1];
        var scan = {};
        Object.keys(scanned).forEach(function (f) {
          scan[f] = Array.from(scanned[f].keys()).sort();
        });
        var items = tokens.map(function (tok, i) {
          var alts = Engine.alternatives({ scan: scan }, tok).map(function (a) {
            return scanned[a[1]].get(a[0]);
          });
          var size = (exact[i] ? exact[i].df : 0);
          alts.forEach(function (a) {
            size += a.df;
          });
          return { i: i, exact: exact[i], alts: alts, size: size };
        });
        items.sort(function (p, q) {
          return p.size - q.size || p.i - q.i;
        });
        function docset(item) {
          var s = new Set();
          if (item.exact) docsOf(item.exact.post, s);
          item.alts.forEach(function (a) {
            docsOf(a.post, s);
          });
          return s;
        }
        var cands = null;
        var blocked = [];
        var first = Promise.resolve();
        items.forEach(function (item) {
          if (item.exact && item.exact.blocks) blocked.push(item);
          else cands = cands === null ? docset(item) : intersect(cands, docset(item));
        });
        if (cands === null) {
          // every token is a very common term: the rarest one in full
          var head = blocked.shift();
          first = self.fill(head.exact, null).then(function (e) {
            head.exact = e;
            cands = docset(head);
          });
        }
        return first
          .then(function () {
            if (!cands.size) return [];
            return Promise.all(
              blocked.map(function (item) {
                return self.fill(item.exact, cands).then(function (e) {
                  item.exact = e;
                });
              })
            );
          })
          .then(function () {
            blocked.forEach(function (item) {
              if (cands.size) cands = intersect(cands, docset(item));
            });
            var terms = new Map();
            if (!cands.size) return { scores: new Map(), terms: terms, cands: cands };
            items.forEach(function (item) {
              [item.exact].concat(item.alts).forEach(function (e) {
                if (!e) return;
                var have = terms.get(e.term);
                if (!have) terms.set(e.term, (have = { term: e.term, df: e.df, post: {} }));
                Object.keys(e.post).forEach(function (f) {
                  if (!have.post[f]) {
                    have.post[f] = e.post[f].filter(function (d) {
                      return cands.has(d[0]);
                    });
                  }
                });
              });
            });
            var wild = tokens.concat(Array.from(terms.keys())).some(function (t) {
              return t.indexOf("*") >= 0;
            });
            var index = wild ? load(self.serialise(terms), tokens) : self.compact(terms);
            var loaded = { index: index, scan: scan };
            return { scores: Engine.evaluate(loaded, tokens), terms: terms, cands: cands };
          });
      }
    );
  };

  // lunr.Index.load(serialised), except that the index's TokenSet holds only the query's own
  // `tokens` (those the index has). Used only when a query token or index term has lunr's
  // wildcard character `*` (our tokenizer never makes one; Kind.compact scores every other
  // query): lunr.Index.query then needs the whole TokenSet, which this keeps.
  function load(serialised, tokens) {
    var fieldVectors = {};
    serialised.fieldVectors.forEach(function (v) {
      fieldVectors[v[0]] = new lunr.Vector(v[1]);
    });
    var invertedIndex = Object.create(null);
    var wild = tokens.some(function (t) {
      return t.indexOf("*") >= 0;
    });
    serialised.invertedIndex.forEach(function (e) {
      invertedIndex[e[0]] = e[1];
      if (e[0].indexOf("*") >= 0) wild = true;
    });
    var asked = wild
      ? Object.keys(invertedIndex)
      : tokens.filter(function (t, i) {
          return invertedIndex[t] !== undefined && tokens.indexOf(t) === i;
        });
    return new lunr.Index({
      fields: serialised.fields,
      fieldVectors: fieldVectors,
      invertedIndex: invertedIndex,
      tokenSet: lunr.TokenSet.fromArray(asked.sort()),
      pipeline: new lunr.Pipeline()
    });
  }

  // weigher(f)(idf, count, len): lunr's field-vector entry for a term in field `f` of a
  // document (tf `count`, field length `len`), as lunr.Builder computes it (BM25, field boost,
  // rounded to 3 places); `idf` from termIdf. The field's constants are worked out once, not
  // per posting. Used by serialise and by the compact index alike.
  Kind.prototype.weigher = function (f) {
    var m = this.m;
    var c = this.client.manifest;
    var k1 = c.k1_1000 / 1000;
    var b = c.b_1000 / 1000;
    var avg = m.n ? m.totals[f] / m.n : 0;
    var boost = m.fields[f][1];
    return function (idf, count, len) {
      var score = (idf * ((k1 + 1) * count)) / (k1 * (1 - b + b * (len / avg)) + count);
      score *= boost;
      return Math.round(score * 1000) / 1000;
    };
  };

  Kind.prototype.termIdf = function (df) {
    var n = this.m.n;
    return Math.log(1 + Math.abs((n - df + 0.5) / (df + 0.5)));
  };

  function byTerm(p, q) {
    return p.term < q.term ? -1 : p.term > q.term ? 1 : 0;
  }

  // lunr's serialised index holding just `terms` (scores as expandIndex computes them).
  Kind.prototype.serialise = function (terms) {
    var self = this;
    var fields = this.fields;
    var weights = fields.map(function (name, f) {
      return self.weigher(f);
    });
    var list = Array.from(terms.values()).sort(byTerm);
    // A term's lunr _index is its position in `list`: the full index numbers its terms in the
    // same (UTF-16) order, so the vectors' elements come in the same order and every score is
    // summed exactly as there.
    var vectors = new Map(); // "f/ref" → [[term index, score], ...]
    var inverted = list.map(function (e, ti) {
      var posting = { _index: ti };
      fields.forEach(function (name) {
        posting[name] = EMPTY;
      });
      var idf = self.termIdf(e.df);
      Object.keys(e.post).forEach(function (fk) {
        var f = Number(fk);
        var docs = e.post[fk];
        if (!docs.length) return;
        var byRef = (posting[fields[f]] = {});
        docs.forEach(function (d) {
          byRef[d[0]] = EMPTY;
          var key = fields[f] + "/" + d[0];
          var v = vectors.get(key);
          if (!v) vectors.set(key, (v = []));
          v.push([ti, weights[f](idf, d[1], d[2])]);
        });
      });
      return [e.term, posting];
    });
    var fieldVectors = [];
    vectors.forEach(function (els, key) {
      els.sort(function (p, q) {
        return p[0] - q[0];
      });
      var flat = [];
      els.forEach(function (x) {
        flat.push(x[0], x[1]);
      });
      fieldVectors.push([key, flat]);
    });
    return { version: lunr.version, fields: fields, fieldVectors: fieldVectors, invertedIndex: inverted, pipeline: [] };
  };

  // The index of just `terms` as the shards hold them, for SmeSearchEngine's clauseQuery: the
  // matches and scores lunr gives on load(serialise(terms)) (clauseQuery's own steps: the
  // "field/ref" pairs in the order lunr first meets them, each field's query vector's
  // similarity to the document's field vector, the same float operations in the same order),
  // without making that index: a 2-character word of 10,000 results had its 10,000 field
  // vectors, "field/ref" keys and posting objects made on every keystroke.
  // tests/search/test_shard_parity.py compares every score with the full index's.
  Kind.prototype.compact = function (terms) {
    var self = this;
    var fields = this.fields;
    var list = Array.from(terms.values()).sort(byTerm);
    var at = new Map();
    list.forEach(function (e, ti) {
      at.set(e.term, ti);
    });
    var fieldOf = Object.create(null);
    fields.forEach(function (name, f) {
      fieldOf[name] = f;
    });
    function clauseQuery(clauses, required) {
      var counts = fields.map(function () {
        return new Map(); // term index -> summed boost (1 per clause)
      });
      var done = new Set(); // lunr's termFieldCache
      var order = []; // documents in the order lunr first meets one of their "field/ref" pairs
      var fieldsOf = new Map(); // document -> its fields, in that order
      var allowed = null;
      for (var i = 0; i < clauses.length; i++) {
        var c = clauses[i];
        var ti = at.get(c[0]);
        if (ti === undefined) {
          if (required) return [];
          continue;
        }
        var post = list[ti].post;
        var has = required ? new Set() : null;
        for (var j = 0; j < c[1].length; j++) {
          var f = fieldOf[c[1][j]];
          counts[f].set(ti, (counts[f].get(ti) || 0) + 1);
          var docs = post[f] || [];
          if (has) {
            for (var k = 0; k < docs.length; k++) has.add(docs[k][0]);
          }
          var termField = c[0] + "/" + c[1][j];
          if (done.has(termField)) continue;
          for (var k2 = 0; k2 < docs.length; k2++) {
            var ref = docs[k2][0];
            var fs = fieldsOf.get(ref);
            if (fs === undefined) {
              fieldsOf.set(ref, [f]);
              order.push(ref);
            } else if (fs.indexOf(f) < 0) fs.push(f);
          }
          done.add(termField);
        }
        if (has) allowed = allowed === null ? has : intersect(allowed, has);
      }
      // Each field's dot products, its query vector's terms taken in index order as lunr's
      // Vector#dot meets them; then similarity = dot / magnitude || 0.
      var dots = [];
      var magnitudes = [];
      counts.forEach(function (m, f) {
        if (!m.size) return;
        var tis = Array.from(m.keys()).sort(function (a, b) {
          return a - b;
        });
        var elements = [];
        var dot = new Map();
        var weight = self.weigher(f);
        tis.forEach(function (ti2) {
          var q = m.get(ti2);
          elements.push(ti2, q);
          var e = list[ti2];
          var docs = e.post[f];
          if (!docs || !docs.length) return;
          var idf = self.termIdf(e.df);
          for (var k3 = 0; k3 < docs.length; k3++) {
            var d = docs[k3];
            var had = dot.get(d[0]);
            var product = q * weight(idf, d[1], d[2]);
            dot.set(d[0], had === undefined ? product : had + product);
          }
        });
        dots[f] = dot;
        magnitudes[f] = new lunr.Vector(elements).magnitude();
      });
      var results = [];
      order.forEach(function (ref) {
        if (allowed !== null && !allowed.has(ref)) return;
        var fs = fieldsOf.get(ref);
        var score = 0;
        for (var x = 0; x < fs.length; x++) {
          var sim = (dots[fs[x]].get(ref) || 0) / magnitudes[fs[x]] || 0;
          score = x === 0 ? sim : score + sim;
        }
        results.push({ ref: String(ref), score: score });
      });
      return results.sort(function (a, b) {
        return b.score - a.score;
      });
    }
    return { fields: fields, clauseQuery: clauseQuery };
  };

  Kind.prototype.rows = function (refs) {
    var self = this;
    var size = this.m.chunk;
    var keys = this.m.keys;
    var wanted = Array.from(
      new Set(
        refs.map(function (r) {
          return Math.floor(r / size);
        })
      )
    );
    return Promise.all(
      wanted.map(function (k) {
        return self.get(self.chunks, k, "d/" + k + ".json", function (rows) {
          return rows.map(function (row) {
            var o = {};
            keys.forEach(function (key, i) {
              o[key] = row[i];
            });
            return o;
          });
        });
      })
    ).then(function (chunks) {
      var byChunk = new Map();
      wanted.forEach(function (k, i) {
        byChunk.set(k, chunks[i]);
      });
      return refs.map(function (r) {
        return byChunk.get(Math.floor(r / size))[r % size];
      });
    });
  };

  Kind.prototype.facets = function () {
    var keys = this.m.facets;
    if (!this.facetRows) {
      this.facetRows = this.client.getJson(this.base + "f.json").then(function (rows) {
        return rows.map(function (row) {
          var o = {};
          keys.forEach(function (key, i) {
            o[key] = row[i];
          });
          return o;
        });
      });
    }
    return this.facetRows;
  };

  function isHanText(s) {
    return Array.from(s).every(function (ch) {
      return Tok.isHan(ch.codePointAt(0));
    });
  }

  // The documents whose cleaned title is `qClean`, from its exact-title bucket (shards.py
  // _exact_titles): [[ref, display row, name terms], …], or null when there are none. A query
  // shorter or longer than every title (manifest exact_len, UTF-16 units) fetches nothing.
  Kind.prototype.exactHits = function (qClean) {
    var span = this.m.exact_len;
    if (span && (qClean.length < span[0] || qClean.length > span[1])) return Promise.resolve(null);
    var h = termHash(qClean) & (this.m.exact - 1);
    return this.client.getJson(this.base + "x/" + h + ".json").then(function (bucket) {
      var entry = bucket.find(function (e) {
        return e[0] === qClean;
      });
      return entry ? entry[1] : null;
    });
  };

  // Name class (engine.nameClass) of every result; titles are read only where the postings
  // cannot tell. shards.py writes each name term's mark into field 0's postings (_name_mark):
  // its class (mark & 3) and, for a Han bigram, where in the cleaned title it first is
  // (mark >> 2). A name holding a Han query's bigrams at consecutive places holds the query
  // there, so it is of class 1, or 2 or 3 at place 0 (3: the exact-title bucket lists it).
  Kind.prototype.classes = function (qClean, tokens, results, evals) {
    var self = this;
    var cls = new Map();
    var verify = [];
    var atStart = [];
    var refs = Array.from(results.keys()).map(Number);
    var hanOnly = qClean !== "" && isHanText(qClean);
    var nameDocs = null;
    var marks = new Map(); // token → Map(ref → mark)
    if (hanOnly) {
      tokens.forEach(function (tok) {
        var s = new Map();
        evals.forEach(function (ev) {
          var e = ev.terms.get(tok);
          if (e && e.post[0]) {
            e.post[0].forEach(function (d) {
              s.set(d[0], d[3]);
            });
          }
        });
        marks.set(tok, s);
        if (nameDocs === null) nameDocs = s;
        else {
          var both = new Map();
          nameDocs.forEach(function (v, r) {
            if (s.has(r)) both.set(r, v);
          });
          nameDocs = both;
        }
      });
    }
    var single = hanOnly && tokens.length === 1 && tokens[0] === qClean;
    // The marks of the query's bigrams in order, when every one is a token of the query.
    var grams = null;
    if (hanOnly && !single) {
      var chars = Array.from(qClean);
      grams = [];
      for (var i = 0; i + 1 < chars.length && grams; i++) {
        var g = marks.get(chars[i] + chars[i + 1]);
        if (g) grams.push(g);
        else grams = null;
      }
      if (grams && !grams.length) grams = null;
    }
    // A title can hold a query with a non-Han character only if it has that kind of character.
    var wordy = null;
    if (!hanOnly) {
      var ch = Array.from(qClean).filter(function (c) {
        return !Tok.isHan(c.codePointAt(0));
      })[0];
      wordy = self.special[ch >= "a" && ch <= "z" ? "latin" : ch >= "0" && ch <= "9" ? "digit" : "other"];
    }
    refs.forEach(function (r) {
      if (!hanOnly) {
        if (wordy.has(r)) verify.push(r);
        else cls.set(r, 0);
      } else if (self.special.straddle.has(r)) verify.push(r);
      else if (!nameDocs.has(r)) cls.set(r, 0);
      else if (single) cls.set(r, nameDocs.get(r) & 3);
      else if (!grams) verify.push(r);
      else {
        var place = grams[0].get(r) >> 2;
        var held = grams.every(function (g, k) {
          var mark = g.get(r);
          return (mark & 3) > 0 && mark >> 2 === place + k;
        });
        if (!held) verify.push(r); // the bigrams are there, but not (first) in a row
        else if (place > 0) cls.set(r, 1);
        else if (self.m.exact) atStart.push(r);
        else verify.push(r);
      }
    });
    if (!verify.length && !atStart.length) return Promise.resolve(cls);
    return Promise.all([
      atStart.length ? this.exactHits(qClean) : null,
      verify.length ? this.rows(verify) : null
    ]).then(function (got) {
      var same = new Set(
        (got[0] || []).map(function (hit) {
          return hit[0];
        })
      );
      atStart.forEach(function (r) {
        cls.set(r, same.has(r) ? 3 : 2);
      });
      verify.forEach(function (r, i) {
        cls.set(r, Engine.nameClass(qClean, got[1][i][self.m.title]));
      });
      return cls;
    });
  };

  function Client(manifest, getJson) {
    var self = this;
    this.manifest = manifest;
    this.getJson = getJson;
    this.kinds = {};
    Object.keys(manifest.kinds).forEach(function (k) {
      self.kinds[k] = new Kind(self, k, manifest.kinds[k]);
    });
  }

  // {platforms: [[row, score], ...], notices: [...]}, ranked as SmeSearchEngine.search().
  Client.prototype.search = function (query) {
    var self = this;
    var variants = Engine.planQuery(query);
    var qClean = Engine.queryClean(query);
    var names = Object.keys(this.kinds);
    return Promise.all(
      names.map(function (name) {
        var kind = self.kinds[name];
        return Promise.all(
          variants.map(function (tokens) {
            return kind.evaluate(tokens);
          })
        ).then(function (evals) {
          var scores = new Map();
          evals.forEach(function (ev) {
            ev.scores.forEach(function (score, ref) {
              if (!scores.has(ref) || score > scores.get(ref)) scores.set(ref, score);
            });
          });
          return kind.classes(qClean, variants.length ? variants[0] : [], scores, evals).then(function (cls) {
            var ranked = Array.from(scores.entries()).map(function (rs) {
              var row = Number(rs[0]);
              return [row, rs[1], cls.get(row)];
            });
            ranked.sort(function (p, q) {
              return q[2] - p[2] || q[1] - p[1] || p[0] - q[0];
            });
            return ranked.map(function (r) {
              return [r[0], r[1]];
            });
          });
        });
      })
    ).then(function (lists) {
      var out = {};
      names.forEach(function (name, i) {
        out[name] = lists[i];
      });
      return out;
    });
  };

  // The first platform result of `query`, before search() has its term shards: {row, ref} or
  // null. Known from one exact-title bucket (shards.py _exact_titles) when the query's cleaned
  // text is the cleaned name of exactly one platform and every token of one query variant is a
  // term of that name: then the platform matches (every variant token is required somewhere),
  // and it is the only one of name class 3, which search() ranks before everything else.
  // Platforms are listed before notices, so it is the page's first result (without filters).
  Client.prototype.first = function (query) {
    var kind = this.kinds.platforms;
    var qClean = Engine.queryClean(query);
    if (!kind || !kind.m.exact || !qClean) return Promise.resolve(null);
    var keys = kind.m.keys;
    return kind.exactHits(qClean).then(function (hit) {
      if (!hit || hit.length !== 1) return null;
      var row = {};
      keys.forEach(function (key, i) {
        row[key] = hit[0][1][i];
      });
      var terms = new Set(hit[0][2]); // the name's terms as the index has them
      var matches = Engine.planQuery(query).some(function (tokens) {
        return (
          tokens.length > 0 &&
          tokens.every(function (t) {
            return terms.has(t);
          })
        );
      });
      return matches ? { ref: hit[0][0], row: row } : null;
    });
  };

  // Resolves to `found` (a search() answer) once the row the page shows first is fetched: the
  // first result of the first group in Engine.GROUP_ORDER that has one. The worker answers
  // search() with it (search-worker.js), so the page's first rows() call finds it here instead
  // of waiting behind the fetches of every other result it asks for at once. A failed fetch
  // is left for rows() to report.
  Client.prototype.withFirstRow = function (found) {
    var kinds = this.kinds;
    var names = Engine.GROUP_ORDER.filter(function (name) {
      return kinds[name] && found[name] && found[name].length;
    });
    function answer() {
      return found;
    }
    if (!names.length) return Promise.resolve(found);
    return this.rows(names[0], [found[names[0]][0][0]]).then(answer, answer);
  };

  Client.prototype.rows = function (kind, refs) {
    return this.kinds[kind].rows(refs);
  };

  Client.prototype.facets = function (kind) {
    return this.kinds[kind].facets();
  };

  // getJson(path relative to search/) → Promise of parsed JSON; resolves to a Client.
  // `manifest`: manifest.json when the caller has it already (search/worker.js embeds it).
  function open(getJson, manifest) {
    var cache = new Map();
    function cached(path) {
      var p = cache.get(path);
      if (!p) {
        p = getJson(path);
        cache.set(path, p);
        // a failed request is tried again next time
        p.catch(function () {
          cache.delete(path);
        });
      }
      return p;
    }
    if (manifest) cache.set("manifest.json", Promise.resolve(manifest));
    return cached("manifest.json").then(function (manifest) {
      if (!manifest || manifest.format !== "sme-search-shards/6") throw new Error("unknown index format");
      return new Client(manifest, cached);
    });
  }

  return { open: open, termHash: termHash, decode: decode };
});
