// Evaluated in the search-profile page (page.evaluate): timings of the sharded client (search-shards.js).
async (queries) => {
  const T = () => performance.now();
  const out = {};
  SmeSearchEngine.installTokenizer();
  let t = T();
  const client = await SmeShards.open((p) => fetch("../search/" + p).then((r) => r.json()));
  out.open_ms = T() - t;
  out.search_ms = {};
  out.warm_ms = {};
  for (const q of queries) {
    t = T(); await client.search(q); out.search_ms[q] = T() - t;  // fetches the shards it lacks
    const times = [];
    for (let i = 0; i < 5; i++) { t = T(); await client.search(q); times.push(T() - t); }
    times.sort((x, y) => x - y);
    out.warm_ms[q] = times[2];  // every shard cached: lunr assembly + query + ranking
  }
  out.query_terms = {};
  for (const q of queries) out.query_terms[q] = SmeSearchEngine.planQuery(q).map((v) => v.length);
  return out;
}
