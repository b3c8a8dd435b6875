// Names from /api/v1/entities as the user types, offered in the search box's datalist.
(function () {
  "use strict";
  const box = document.getElementById("q");
  const list = document.getElementById("suggestions");
  if (!box || !list) return;
  let timer = null;
  let asked = "";
  box.addEventListener("input", function () {
    clearTimeout(timer);
    const text = box.value.trim();
    if (text.length < 2 || text === asked) return;
    timer = setTimeout(function () {
      asked = text;
      fetch("/api/v1/entities?limit=8&q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { items: [] }; })
        .then(function (data) {
          list.replaceChildren();
          for (const hit of data.items) {
            const option = document.createElement("option");
            option.value = hit.label;
            list.appendChild(option);
          }
        })
        .catch(function () { /* suggestions are a convenience: the form still works */ });
    }, 180);
  });
})();
