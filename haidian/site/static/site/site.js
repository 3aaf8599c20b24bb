// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  // Filters start open on wide screens, folded on phones.
  var wide = window.matchMedia("(min-width: 900px)");
  function sync() {
    document.querySelectorAll("details[data-open-wide]").forEach(function (el) {
      if (wide.matches) { el.open = true; }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    sync();
    // Changing the sort order applies it at once.
    var sort = document.getElementById("id_sort");
    if (sort && sort.form) {
      sort.addEventListener("change", function () { sort.form.submit(); });
    }
    // After a failed submission, move focus to the list of errors.
    var errors = document.getElementById("form-errors");
    if (errors) { errors.focus(); }
  });
  wide.addEventListener("change", sync);
})();
