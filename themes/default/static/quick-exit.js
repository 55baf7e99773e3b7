/* Quick exit, after GOV.UK's "Exit this page": the button, or Shift pressed three times within
   five seconds, covers the page at once and replaces it with a neutral site. Replacing (not
   navigating) keeps this page out of the back button; it does not erase browser history, which
   the safety page says plainly. Without JavaScript the button is an ordinary link there. */
(function () {
  "use strict";

  var button = document.querySelector("[data-quick-exit]");
  if (!button) {
    return;
  }
  var target = button.getAttribute("href");
  var presses = 0;
  var timer = null;

  function leave(event) {
    if (event) {
      event.preventDefault();
    }
    document.documentElement.classList.add("quick-exit-active");
    document.title = "";
    window.location.replace(target);
  }

  button.addEventListener("click", leave);

  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") {
      presses = 0;
      return;
    }
    presses += 1;
    if (timer === null) {
      timer = window.setTimeout(function () {
        presses = 0;
        timer = null;
      }, 5000);
    }
    if (presses >= 3) {
      leave();
    }
  });
})();
