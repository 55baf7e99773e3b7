/* Quick exit, after GOV.UK's "Exit this page": the button (mouse, keyboard or touch), or Shift
   pressed alone 3 times with under 5 s between presses, blanks the page and replaces it with a
   neutral site, so the back button does not return here (history is not erased: the safety page
   says so). Each press is announced politely and lit, in the page's words (data attributes).
   Without JavaScript the button is a plain link, and the bar is sticky by CSS alone. */
(function () {
  "use strict";

  var button = document.querySelector("[data-quick-exit]");
  var bar = button && button.closest(".quick-exit");
  if (!bar) {
    return;
  }
  var status = bar.querySelector("[data-quick-exit-status]");
  var lights = bar.querySelectorAll(".quick-exit-light");
  var WAIT = 5000;
  var presses = 0;
  // Shift held for another key (Shift+A, Shift+Tab) or with one (Alt+Shift and Ctrl+Shift switch
  // keyboard languages, Arabic to English, on Windows): its release is no press
  var chord = false;
  var timer = null;

  function modified(event) {
    return event.altKey || event.ctrlKey || event.metaKey;
  }

  function say(words) {
    status.textContent = words || "";
  }

  function show() {
    bar.classList.toggle("quick-exit-counting", presses > 0);
    for (var i = 0; i < lights.length; i += 1) {
      lights[i].classList.toggle("quick-exit-light-on", i < presses);
    }
  }

  function reset(words) {
    window.clearTimeout(timer);
    timer = null;
    presses = 0;
    show();
    say(words);
  }

  function cancel() {
    if (presses > 0) {
      reset(bar.getAttribute("data-cancelled"));
      timer = window.setTimeout(say, WAIT);
    }
  }

  function leave(event) {
    if (event) {
      event.preventDefault();
    }
    reset();
    document.documentElement.classList.add("quick-exit-active");
    document.title = "";
    window.location.replace(button.getAttribute("href"));
  }

  button.addEventListener("click", leave);

  document.addEventListener(
    "keydown",
    function (event) {
      if (event.key === "Shift") {
        chord = modified(event) || (chord && event.repeat);
      } else {
        chord = event.shiftKey;
        cancel();
      }
    },
    true
  );

  document.addEventListener(
    "keyup",
    function (event) {
      if (event.key !== "Shift") {
        chord = event.shiftKey; // Shift+Tab: Tab comes up while Shift is still down
        return;
      }
      if (chord || modified(event)) {
        chord = false;
        return;
      }
      window.clearTimeout(timer);
      presses += 1;
      show();
      if (presses >= 3) {
        leave();
        return;
      }
      say(bar.getAttribute(presses === 1 ? "data-two-more" : "data-one-more"));
      timer = window.setTimeout(cancel, WAIT);
    },
    true
  );

  // back from the back-forward cache: neither blank nor half counted
  window.addEventListener("pageshow", function () {
    document.documentElement.classList.remove("quick-exit-active");
    reset();
  });

  // the stylesheet keeps focus and in-page links clear of the sticky bar (WCAG 2.4.11) by its
  // height, which text size and wrapping change
  function measure() {
    document.documentElement.style.setProperty(
      "--quick-exit-height",
      bar.getBoundingClientRect().height + "px"
    );
  }
  measure();
  if (window.ResizeObserver) {
    new ResizeObserver(measure).observe(bar);
  }
})();
