// Accessible names for the back office's third-party widgets (docs/accessibility.md lists them).
// Django's tabular inlines, modeltranslation's tabs and language switch, django-prose-editor and
// select2 (the admin's autocomplete) build markup without names, or with names that point nowhere.
// They build it after the page loads and rebuild it as people work, so a MutationObserver names
// whatever appears. Only ARIA attributes change: behaviour and layout stay the widgets' own.
(function () {
  "use strict";
  var text = document.currentScript.dataset;
  var counter = 0;

  function clean(label) {
    return (label || "").replace(/\s+/g, " ").replace(/[:：]\s*$/, "").trim();
  }

  function idOf(element) {
    if (!element.id) { element.id = "haidian-a11y-" + (++counter); }
    return element.id;
  }

  // The visible label of a form row (for widgets that replace the element the label points at).
  function rowLabel(element) {
    var row = element.closest(".fieldBox, .form-row, td");
    var label = row && row.querySelector("label");
    return label && clean(label.textContent) ? label : null;
  }

  // Tabular inlines: a cell's control takes its column heading as its name (Django gives it none
  // but a title), and its help text is the heading's help icon, not a missing *_helptext element.
  function nameTabularCell(control) {
    var cell = control.closest("td");
    var table = cell && cell.closest("table");
    var heading = table && table.tHead && table.tHead.rows[0].cells[cell.cellIndex];
    if (!heading) { return; }
    var row = cell.closest("tr");
    var rows = Array.prototype.slice.call(table.tBodies[0].rows).filter(function (r) { return !r.classList.contains("empty-form"); });
    var number = rows.indexOf(row) + 1;
    var name = clean(heading.firstChild ? heading.firstChild.textContent : heading.textContent);
    control.setAttribute("aria-label", number > 0 ? name + " (" + text.row + " " + number + ")" : name);
    var help = heading.querySelector(".help-tooltip");
    var described = (control.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (id) {
      return id && document.getElementById(id);
    });
    if (help) { described.push(idOf(help)); }
    if (described.length) { control.setAttribute("aria-describedby", described.join(" ")); } else { control.removeAttribute("aria-describedby"); }
  }

  function nameSelect2(select) {
    var container = select.nextElementSibling;
    var label = select.id && document.querySelector('label[for="' + CSS.escape(select.id) + '"]');
    if (!container || !container.classList.contains("select2") || !label) { return; }
    var name = clean(label.textContent);
    var selection = container.querySelector(".select2-selection");
    var rendered = container.querySelector(".select2-selection__rendered");
    if (selection) {
      var ids = [idOf(label)];
      if (rendered && selection.classList.contains("select2-selection--single")) { ids.push(idOf(rendered)); }
      selection.setAttribute("aria-labelledby", ids.join(" "));
    }
    if (rendered && rendered.getAttribute("role") === "textbox") {
      rendered.setAttribute("aria-labelledby", idOf(label) + " " + idOf(rendered));
    }
    // The list of chosen values holds a clear button beside its items: a list it is not.
    if (rendered && rendered.tagName === "UL") {
      rendered.setAttribute("role", "none");
      Array.prototype.forEach.call(rendered.children, function (child) { child.setAttribute("role", "none"); });
    }
    container.querySelectorAll(".select2-search__field").forEach(function (field) {
      field.setAttribute("aria-label", name);
    });
  }

  // A help text the field points at but Django rendered without that id (a list of checkboxes
  // has no single id for its label, so the help <div> gets none): give the id to the row's help.
  function mendHelpReferences() {
    document.querySelectorAll(".form-row [aria-describedby]").forEach(function (control) {
      control.getAttribute("aria-describedby").split(/\s+/).forEach(function (id) {
        if (!id || document.getElementById(id)) { return; }
        var row = control.closest(".fieldBox, .form-row");
        var help = row && row.querySelector("div.help:not([id])");
        if (help) { help.id = id; }
      });
    });
  }

  function nameLanguageSwitch() {
    var mainSwitch = document.getElementById("modeltranslation-main-switch");
    if (mainSwitch && !mainSwitch.hasAttribute("aria-label")) { mainSwitch.setAttribute("aria-label", text.languageSwitch); }
  }

  function nameWidgets() {
    mendHelpReferences();
    nameLanguageSwitch();
    // jQuery UI tabs put a focusable link inside each focusable tab; the tab alone is the control.
    document.querySelectorAll('[role="tab"] a[href]').forEach(function (link) {
      link.removeAttribute("href");
      link.removeAttribute("tabindex");
    });
    document.querySelectorAll(".prose-editor [contenteditable]:not([aria-label])").forEach(function (box) {
      var label = rowLabel(box);
      if (label) { box.setAttribute("aria-label", clean(label.textContent)); }
    });
    document.querySelectorAll(".tabular td input:not([type=hidden]), .tabular td select, .tabular td textarea").forEach(function (control) {
      if (!control.id || !document.querySelector('label[for="' + CSS.escape(control.id) + '"]')) { nameTabularCell(control); }
    });
    document.querySelectorAll("select.admin-autocomplete").forEach(nameSelect2);
  }

  var pending = false;
  function schedule() {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; nameWidgets(); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    nameWidgets();
    // The language switch, which modeltranslation adds once the page is loaded, is named at once:
    // the next animation frame can come after a screen reader (or axe) has read the page.
    new MutationObserver(function () { nameLanguageSwitch(); schedule(); }).observe(document.body, {childList: true, subtree: true});
  });
  window.addEventListener("load", nameWidgets);
})();
