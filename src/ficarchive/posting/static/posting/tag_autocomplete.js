// Suggest existing tags for the last comma-separated name typed in each tag field.
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.dataset.url;
  if (!url) { return; }
  document.querySelectorAll("[data-tag-type]").forEach(function (box, index) {
    var input = box.querySelector("input");
    if (!input) { return; }
    var list = document.createElement("datalist");
    list.id = "tag-suggestions-" + index;
    box.appendChild(list);
    input.setAttribute("list", list.id);
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var parts = input.value.split(",");
        var last = parts.pop().trim();
        if (last.length < 2) { return; }
        var prefix = parts.map(function (p) { return p.trim(); }).filter(Boolean);
        var query = "?type=" + encodeURIComponent(box.dataset.tagType) + "&q=" + encodeURIComponent(last);
        fetch(url + query, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (data) {
          list.textContent = "";
          data.tags.forEach(function (name) {
            var option = document.createElement("option");
            option.value = prefix.concat([name]).join(", ");
            list.appendChild(option);
          });
        });
      }, 200);
    });
  });
})();
