// Opening the article's text scrolls its highlighted sentence into view; #evidence opens it.
(function () {
  "use strict";
  const details = document.getElementById("evidence");
  const mark = document.getElementById("evidence-content");
  if (!details || !mark) return;
  details.addEventListener("toggle", function () {
    if (details.open) mark.scrollIntoView({ block: "center" });
  });
  if (location.hash === "#evidence") details.open = true;
})();
