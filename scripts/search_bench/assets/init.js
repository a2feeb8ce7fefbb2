// Injected before every page script (Playwright add_init_script); __DEBOUNCE__ is replaced by
// the search page's debounce in ms.
(() => {
  const B = window.__bench = { first: null, timerFired: null };
  const DEBOUNCE = __DEBOUNCE__;
  const st = window.setTimeout;
  window.setTimeout = function (fn, ms) {
    if (ms === DEBOUNCE && typeof fn === "function") {
      const args = Array.prototype.slice.call(arguments);
      args[0] = function () { B.timerFired = performance.now(); return fn.apply(this, arguments); };
      return st.apply(window, args);
    }
    return st.apply(window, arguments);
  };
  const mo = new MutationObserver(() => {
    if (B.first === null && document.querySelector("#search-results a.search-result-link")) {
      B.first = performance.now();
      mo.disconnect();
    }
  });
  mo.observe(document, { childList: true, subtree: true });
  // keystroke probe: resolves after the next rewrite of #search-status that follows an input event
  // and reports the results (not "正在搜索……", which a full name's early first result shows)
  B.probe = () => new Promise((resolve) => {
    let t0 = null;
    B.timerFired = null;
    document.addEventListener("input", () => { t0 = performance.now(); }, { capture: true, once: true });
    const status = document.getElementById("search-status");
    const obs = new MutationObserver(() => {
      if (t0 === null || status.textContent.startsWith("正在")) return;
      const t1 = performance.now();
      obs.disconnect();
      requestAnimationFrame(() => st(() => resolve({ raw: t1 - t0, fired: B.timerFired === null ? null : B.timerFired - t0,
        work: B.timerFired === null ? null : t1 - B.timerFired, frame: performance.now() - t0,
        status: status.textContent }), 0));
    });
    obs.observe(status, { childList: true, characterData: true, subtree: true });
  });
})();
