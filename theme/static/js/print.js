/* The "打印本页" button of platform and notice pages (no inline script: the CSP allows
   only files from the site). Without JavaScript the button stays hidden; the browser's own
   print command uses the same print stylesheet (A4, in site.css). */
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("button[data-print]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
