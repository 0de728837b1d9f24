// Copy buttons: <button data-copy="ID" hidden> copies the value of the element with that id.
// Without JavaScript the buttons stay hidden and the read-only field can be selected and copied by hand.
(function () {
  "use strict";
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.dataset.copy);
    if (!field || !navigator.clipboard) return;
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function (event) {
      event.preventDefault();
      navigator.clipboard.writeText(field.value).then(function () {
        button.textContent = button.dataset.done || label;
        setTimeout(function () { button.textContent = label; }, 2000);
      }, function () {
        field.select();
      });
    });
  });
})();
