// newsledger explorer: small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // The article reader: switch highlight layers on and off.
  document.querySelectorAll("[data-layer-toggle]").forEach(function (box) {
    box.addEventListener("change", function () {
      var target = document.getElementById(box.dataset.target);
      if (target) target.classList.toggle("hide-" + box.dataset.layerToggle, !box.checked);
    });
  });

  // The article reader: an event card and its trigger and arguments in the text point at each other.
  var text = document.getElementById("article-text");
  function marksOf(eventId) {
    return text ? text.querySelectorAll('[data-event="' + CSS.escape(eventId) + '"]') : [];
  }
  function focus(eventId, on) {
    marksOf(eventId).forEach(function (mark) { mark.classList.toggle("focus", on); });
    var card = document.getElementById("event-" + eventId);
    if (card) card.classList.toggle("focus", on);
  }
  document.querySelectorAll("[data-event-card]").forEach(function (card) {
    var id = card.dataset.eventCard;
    card.addEventListener("mouseenter", function () { focus(id, true); });
    card.addEventListener("mouseleave", function () { focus(id, false); });
    card.addEventListener("click", function (event) {
      if (event.target.closest("a")) return;
      var first = marksOf(id)[0];
      if (first) first.scrollIntoView({ block: "center", behavior: "smooth" });
    });
  });
  if (text) {
    text.addEventListener("click", function (event) {
      var mark = event.target.closest('[data-kind="trigger"]');
      if (!mark) return;
      var card = document.getElementById("event-" + mark.dataset.event);
      if (card) {
        card.scrollIntoView({ block: "nearest", behavior: "smooth" });
        focus(mark.dataset.event, true);
        setTimeout(function () { focus(mark.dataset.event, false); }, 1500);
      }
    });
  }

  // Filter forms: leave blank fields out of the address, and apply a choice as soon as it is made.
  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("input, select").forEach(function (field) {
        if (!field.value) field.disabled = true;
      });
    });
    form.querySelectorAll("select").forEach(function (select) {
      select.addEventListener("change", function () { form.requestSubmit(); });
    });
  });
})();
