/* 大字模式 (适老化, docs/quality.md): loaded in <head> without defer, so the saved choice
   is on <html> before the first paint (no flash of small text). The header's
   <button aria-pressed> is hidden in the HTML and shown here: without JavaScript there is
   no button that does nothing. The choice is kept in this browser only (localStorage). */
(function () {
  "use strict";
  var KEY = "sme-large-text";
  var root = document.documentElement;

  function stored() {
    try { return window.localStorage.getItem(KEY) === "1"; } catch (e) { return false; }
  }
  function save(on) {
    try {
      if (on) { window.localStorage.setItem(KEY, "1"); } else { window.localStorage.removeItem(KEY); }
    } catch (e) { /* storage refused (private mode): the choice lasts for this page only */ }
  }
  function buttons() { return document.querySelectorAll("[data-large-text-toggle]"); }
  function apply(on) {
    root.classList.toggle("large-text", on);
    Array.prototype.forEach.call(buttons(), function (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }
  function wire() {
    Array.prototype.forEach.call(buttons(), function (button) {
      button.addEventListener("click", function () {
        var on = !root.classList.contains("large-text");
        apply(on);
        save(on);
      });
      button.hidden = false;
    });
    apply(root.classList.contains("large-text"));
  }

  apply(stored());
  window.addEventListener("storage", function (event) {
    if (event.key === KEY || event.key === null) { apply(stored()); }
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wire);
  } else {
    wire();
  }
}());
