// Consensus meeting keyboard: → next question, ← previous, 1–9 choose a choice, 0 "Bilmiyorum".
// Keys typed into the note field are left alone. Without JavaScript the links' accesskeys still work.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (target.closest("textarea, input[type=text], select")) return;
    var link = null;
    if (event.key === "ArrowRight") link = document.querySelector("a[rel=next]");
    if (event.key === "ArrowLeft") link = document.querySelector("a[rel=prev]");
    if (link) {
      event.preventDefault();
      window.location.href = link.href;
      return;
    }
    if (/^[0-9]$/.test(event.key)) {
      var radio = document.querySelector('.meeting-choices input[type=radio][value="' + event.key + '"]');
      if (radio) {
        event.preventDefault();
        radio.checked = true;
        radio.focus();
      }
    }
  });
})();
