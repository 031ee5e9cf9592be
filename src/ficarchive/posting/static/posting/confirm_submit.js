// Ask before submitting a form that carries data-confirm (in place of inline onsubmit handlers,
// which the Content-Security-Policy forbids).
document.addEventListener("submit", function (event) {
  "use strict";
  var question = event.target.dataset && event.target.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
