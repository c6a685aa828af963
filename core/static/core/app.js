/* Behaviour every page shares, kept out of the HTML: the Content-Security-Policy allows
   no inline script. Loaded with `defer`; nothing here is needed for a page to work. */
document.addEventListener("click", function (event) {
  var button = event.target.closest ? event.target.closest("[data-print]") : null;
  if (button) { window.print(); }
});
