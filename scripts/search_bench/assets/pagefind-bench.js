// Minimal Pagefind JS API page: search ?q=, then the first result's data.
const q = new URLSearchParams(location.search).get("q") || "";
const pagefind = await import("../pagefind/pagefind.js");
async function first(query) {
  const t0 = performance.now();
  const search = await pagefind.search(query);
  const n = search.results.length;
  let url = null;
  if (n) {
    const data = await search.results[0].data();
    url = data.url;
    const a = document.createElement("a");
    a.href = data.url;
    a.textContent = data.meta && data.meta.title ? data.meta.title : data.url;
    const box = document.getElementById("results");
    box.textContent = "";
    box.appendChild(a);
  }
  document.getElementById("status").textContent = n + " results";
  return { t0: t0, t1: performance.now(), n: n, url: url };
}
window.__pfNext = first;
first(q).then((r) => { window.__pfFirst = r; });
