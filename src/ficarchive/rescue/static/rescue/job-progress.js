// Polls a running job's progress and updates the page; reloads it when the job has finished.
(function () {
  "use strict";
  var box = document.getElementById("job-progress");
  if (!box) { return; }
  var url = box.getAttribute("data-progress-url");
  var every = Math.max(1, Number(box.getAttribute("data-poll-seconds")) || 2) * 1000;
  var bar = document.getElementById("job-bar");

  function field(name) { return box.querySelector('[data-field="' + name + '"]'); }
  function setText(name, value) { var el = field(name); if (el) { el.textContent = value; } }
  function duration(seconds) {
    if (seconds === null || seconds === undefined) { return "not known yet"; }
    var minutes = Math.floor(seconds / 60);
    return minutes ? "about " + minutes + " min " + (seconds % 60) + " s" : "about " + seconds + " s";
  }
  function counts(values) {
    var list = field("counts");
    if (!list) { return; }
    list.textContent = "";
    Object.keys(values || {}).forEach(function (name) {
      var row = document.createElement("div");
      var dt = document.createElement("dt");
      var dd = document.createElement("dd");
      var label = name.replace(/_/g, " ");
      dt.textContent = label.charAt(0).toUpperCase() + label.slice(1);
      dd.textContent = values[name];
      row.appendChild(dt);
      row.appendChild(dd);
      list.appendChild(row);
    });
  }
  function update(data) {
    setText("status_text", data.status_text);
    setText("phase", data.phase || "Waiting for a worker");
    setText("done", data.done);
    setText("total", data.total === null ? "?" : data.total);
    setText("eta", duration(data.eta_seconds));
    if (bar && data.percent !== null) { bar.value = data.percent; bar.textContent = data.percent + "%"; }
    counts(data.counts);
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        if (data.finished) { window.location.reload(); return; }
        update(data);
        window.setTimeout(poll, every);
      })
      .catch(function () { window.setTimeout(poll, every * 2); });
  }
  window.setTimeout(poll, every);
})();
