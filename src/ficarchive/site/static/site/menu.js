// The site menu is a <details> element: on phones it opens and closes by itself, without
// script. On wide screens the stylesheet shows its content open; browsers too old for that
// (no ::details-content) get it opened here instead.
(function () {
  "use strict";
  if (window.CSS && CSS.supports && CSS.supports("selector(::details-content)")) { return; }
  var wide = window.matchMedia("(min-width: 48em)");
  function follow() {
    var menu = document.getElementById("site-menu");
    if (menu) { menu.open = wide.matches; }
  }
  document.addEventListener("DOMContentLoaded", follow);
  wide.addEventListener("change", follow);
})();
