// Progressive enhancement only: every page works without this file.
// Nothing here may change the layout after the first paint (the filters' open state is CSS's job)
// or change the context on its own (the sort menu waits for its "Apply" button).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    // After a failed submission, move focus to the list of errors.
    var errors = document.getElementById("form-errors");
    if (errors) { errors.focus(); }
  });
})();
