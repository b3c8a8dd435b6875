// The SPARQL page: example queries fill the editor; Run POSTs the query to the endpoint and
// draws the SPARQL JSON results as a table (text only: values are never read as HTML).
(function () {
  "use strict";
  const form = document.getElementById("query-form");
  const editor = document.getElementById("query");
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  const examples = JSON.parse(document.getElementById("example-queries").textContent);

  document.querySelectorAll("button.example").forEach(function (button) {
    button.addEventListener("click", function () {
      editor.value = examples[Number(button.dataset.index)].query;
      run();
    });
  });

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const a = document.createElement("a");
      const ours = "https://w3id.org/diplograph/";
      a.href = term.value.startsWith(ours) ? "/" + term.value.slice(ours.length) : term.value;
      a.textContent = term.value;
      td.appendChild(a);
    } else {
      td.textContent = term.value;
    }
    return td;
  }

  function draw(data) {
    results.replaceChildren();
    if (typeof data.boolean === "boolean") {
      results.textContent = data.boolean ? "yes" : "no";
      return;
    }
    const vars = data.head.vars;
    const table = document.createElement("table");
    table.id = "results-table";
    const head = table.createTHead().insertRow();
    vars.forEach(function (v) { const th = document.createElement("th"); th.textContent = v; head.appendChild(th); });
    const body = table.createTBody();
    data.results.bindings.forEach(function (row) {
      const tr = body.insertRow();
      vars.forEach(function (v) { tr.appendChild(cell(row[v])); });
    });
    results.appendChild(table);
    status.textContent = data.results.bindings.length + " rows";
  }

  function run() {
    status.textContent = "running…";
    results.replaceChildren();
    fetch(form.dataset.endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/sparql-results+json" },
      body: "query=" + encodeURIComponent(editor.value),
    })
      .then(function (r) {
        if (!r.ok) return r.text().then(function (t) { throw new Error(t || r.statusText); });
        return r.json();
      })
      .then(draw)
      .catch(function (err) {
        status.textContent = "";
        const p = document.createElement("p");
        p.className = "error";
        p.textContent = String(err.message || err);
        results.appendChild(p);
      });
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
})();
