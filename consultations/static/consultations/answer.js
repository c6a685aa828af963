/* The residents' answer page: progressive enhancement only. A second tap does not send
   twice (a back-navigation re-enables the button), and after a refused answer the list
   of problems takes the focus, so a screen reader reads it first. */
(function () {
  var form = document.querySelector("form[data-once]");
  if (!form) { return; }
  var button = form.querySelector("button[type=submit]");
  var label = button.textContent;
  form.addEventListener("submit", function (event) {
    if (button.disabled) { event.preventDefault(); return; }
    button.disabled = true;
    button.textContent = button.dataset.busy;
  });
  addEventListener("pageshow", function () { button.disabled = false; button.textContent = label; });
  var problems = document.getElementById("problems");
  if (problems) { problems.focus(); }
})();
