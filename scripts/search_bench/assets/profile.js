// Evaluated in the search-profile page (page.evaluate): timings of each search stage.
async (queries) => {
  const T = () => performance.now();
  const out = {};
  let t = T();
  SmeSearch.installTokenizer();
  const [ir, dr] = await Promise.all([fetch("../search/index.json"), fetch("../search/docs.json")]);
  const [it, dt] = await Promise.all([ir.text(), dr.text()]);
  out.fetch_ms = T() - t;
  t = T(); const ij = JSON.parse(it); const dj = JSON.parse(dt); out.parse_ms = T() - t;
  const k1 = ij.k1_1000 / 1000, b = ij.b_1000 / 1000;
  t = T(); const exp = SmeSearch.expandIndex(ij.platforms, k1, b); out.expand_platforms_ms = T() - t;
  t = T(); lunr.Index.load(exp); out.lunr_load_platforms_ms = T() - t;
  t = T(); const bundle = SmeSearch.loadBundle(ij, dj); out.load_bundle_ms = T() - t;
  out.query_terms = {};
  for (const q of queries) out.query_terms[q] = SmeSearch.planQuery(q).map((v) => v.length);
  out.search_ms = {};
  for (const q of queries) {
    const times = [];
    for (let i = 0; i < 5; i++) { t = T(); SmeSearch.search(bundle, q); times.push(T() - t); }
    times.sort((x, y) => x - y);
    out.search_ms[q] = times[2];
  }
  return out;
}
