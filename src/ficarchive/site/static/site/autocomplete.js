// Tag suggestions for every input marked data-autocomplete="<tag type>" (or "any"): an ARIA
// combobox. Typing offers existing tags, synonyms included (typing "W/S" offers "Willow
// Rosenberg/Spike"); Up and Down move, Enter or Tab takes one, Escape closes. Comma-separated
// inputs complete the last name. Without script the input is a plain text field and the server
// reads any name, synonyms included.
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.dataset.url;
  if (!url || !window.fetch) { return; }
  var counter = 0;

  function setUp(input) {
    var id = "autocomplete-" + (++counter);
    var box = document.createElement("div");
    box.className = "autocomplete";
    input.parentNode.insertBefore(box, input);
    box.appendChild(input);
    var list = document.createElement("ul");
    list.id = id + "-list";
    list.className = "autocomplete-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Suggested tags");
    list.hidden = true;
    box.appendChild(list);
    var status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    box.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    var multiple = input.name !== "target" && input.type !== "search";
    var active = -1;
    var options = [];
    var timer = null;
    var asked = 0;

    function close() {
      list.hidden = true;
      list.textContent = "";
      options = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({block: "nearest"});
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(index) {
      var name = options[index].dataset.name;
      if (multiple) {
        var parts = input.value.split(",");
        parts.pop();
        parts = parts.map(function (p) { return p.trim(); }).filter(Boolean);
        parts.push(name);
        input.value = parts.join(", ") + ", ";
      } else {
        input.value = name;
      }
      close();
      input.focus();
    }

    function show(suggestions) {
      list.textContent = "";
      options = suggestions.map(function (s, i) {
        var option = document.createElement("li");
        option.id = id + "-option-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.name = s.name;
        option.textContent = s.name;
        if (s.matched) {
          var via = document.createElement("span");
          via.className = "via";
          via.textContent = " (as " + s.matched + ")";
          option.appendChild(via);
        }
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(i);
        });
        list.appendChild(option);
        return option;
      });
      list.hidden = options.length === 0;
      input.setAttribute("aria-expanded", options.length ? "true" : "false");
      status.textContent = options.length ? options.length + " suggestions" : "No suggestions";
      active = -1;
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      var last = multiple ? input.value.split(",").pop().trim() : input.value.trim();
      if (last.length < 1) { close(); return; }
      timer = setTimeout(function () {
        var mine = ++asked;
        var query = "?type=" + encodeURIComponent(input.dataset.autocomplete) + "&q=" + encodeURIComponent(last);
        fetch(url + query, {credentials: "same-origin", headers: {Accept: "application/json"}})
          .then(function (response) { return response.json(); })
          .then(function (data) { if (mine === asked) { show(data.suggestions || []); } })
          .catch(close);
      }, 150);
    });

    input.addEventListener("keydown", function (event) {
      if (list.hidden) {
        if (event.key === "ArrowDown" && input.value.trim()) {
          input.dispatchEvent(new Event("input"));
        }
        return;
      }
      if (event.key === "ArrowDown") {
        event.preventDefault();
        highlight((active + 1) % options.length);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(active <= 0 ? options.length - 1 : active - 1);
      } else if ((event.key === "Enter" || event.key === "Tab") && active >= 0) {
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape") {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  function start() {
    document.querySelectorAll("input[data-autocomplete]").forEach(setUp);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
