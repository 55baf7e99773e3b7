/* Search page: Pagefind's Component UI, plus what it lacks here.
   - the query, filters, order and place live in the address (?q=…&Topics=…&sort=…&near=…),
     so a search can be shared or bookmarked;
   - ordering by name, by last confirmation, or by distance from a place the visitor picks
     (their device's location or any town they type, found by nearme.js), within a radius,
     with online groups after the nearby ones; the distance is computed here and nothing
     about the visitor leaves the device;
   - on a phone the results come first: the filters wait behind one "Filters (n)" button, Enter
     moves focus to the result summary, and the count is announced once the results settle, not
     at every key;
   - filters restored from the address are said in the summary and the button, and their groups
     are open, so a screen reader meets their checked boxes;
   - Pagefind itself (its interface and core scripts, the WebAssembly, the page list: about
     150 kB at 10,000 entries) is loaded only on the first sign of intent: the box focused or
     typed in, Filters, Near me, the order, "Print a handout", or at once when the address holds
     a search. Until then the page lists its first entries (search.html) at no cost, the box is
     this page's own, and what is typed before Pagefind is ready is carried into its box and
     searched.
   No inline code: this file is loaded under a Content-Security-Policy without 'unsafe-inline'. */
(function () {
  "use strict";

  var root = document.querySelector("[data-search]");
  if (!root) {
    return;
  }

  /* Pagefind did not load: offer the browse pages that the <noscript> holds for this case. */
  function showFallback() {
    root.hidden = true;
    var source = document.querySelector("[data-search-fallback-source]");
    if (source) {
      var parsed = new DOMParser().parseFromString(source.textContent || "", "text/html");
      var fallback = parsed.querySelector("[data-search-fallback]");
      if (fallback) {
        source.replaceWith(document.importNode(fallback, true));
      }
    }
  }

  var instance = null; // Pagefind's, once its interface script has run (start)
  var sortSelect = root.querySelector("[data-search-sort]");
  var distanceOption = root.querySelector("[data-distance-option]");
  var nearStatus = root.querySelector("[data-near-status]");
  var near = window.PeerNear.create(root.querySelector("[data-near]"), {
    miles: root.getAttribute("data-miles") === "true"
  });
  var lang = document.documentElement.lang;
  var toggle = root.querySelector("[data-filters-toggle]");
  var pane = root.querySelector("[data-filters-pane]");
  var layout = root.querySelector("[data-search-layout]");
  var summaryBox = root.querySelector("[data-search-summary]");
  var filteredLine = root.querySelector("[data-search-filtered]");
  var announcer = root.querySelector("[data-search-announce]");
  var MAX_TO_ORDER = 500;
  var RESERVED = { q: 1, sort: 1, near: 1, within: 1, when: 1 };

  var state = readAddress();

  function readAddress() {
    var params = new URLSearchParams(window.location.search);
    var filters = {};
    params.forEach(function (value, key) {
      if (!RESERVED[key] && value) {
        (filters[key] = filters[key] || []).push(value);
      }
    });
    var near = null;
    var nearText = params.get("near");
    if (nearText) {
      var parts = nearText.split(",").map(Number);
      if (parts.length === 2 && isFinite(parts[0]) && isFinite(parts[1])) {
        // a town is written to two decimals, the device's place to three
        near = { lat: parts[0], lon: parts[1], approximate: !/\.\d{3}/.test(nearText) };
      }
    }
    var within = Number(params.get("within")) || 0;
    var when = params.get("when");
    return {
      term: params.get("q") || "", filters: filters, sort: params.get("sort") || "", near: near,
      within: window.PeerNear.RADII.indexOf(within) >= 0 ? within : 0, nearMessage: "",
      when: when === "today" || when === "now" ? when : ""
    };
  }

  function writeAddress() {
    var params = new URLSearchParams();
    if (state.term) {
      params.set("q", state.term);
    }
    Object.keys(state.filters).sort().forEach(function (key) {
      (state.filters[key] || []).forEach(function (value) {
        params.append(key, value);
      });
    });
    if (state.sort) {
      params.set("sort", state.sort);
    }
    if (state.when) {
      params.set("when", state.when); // "Meets today" / "Open now" (when.js)
    }
    if (state.near) {
      var digits = state.near.approximate ? 2 : 3;
      params.set("near", state.near.lat.toFixed(digits) + "," + state.near.lon.toFixed(digits));
    }
    if (state.within) {
      params.set("within", String(state.within));
    }
    var query = params.toString();
    var address = window.location.pathname + (query ? "?" + query : "");
    if (address !== window.location.pathname + window.location.search) {
      window.history.replaceState(null, "", address);
    }
  }

  /* Order a Pagefind result set by distance (nearme.js arranges it); each result keeps a
     data() that adds its distance and, to the first of a group, the group's heading. */
  function orderByDistance(response) {
    var results = response.results || [];
    if (results.length > MAX_TO_ORDER) {
      nearStatus.textContent = root.getAttribute("data-label-far");
      return Promise.resolve(response);
    }
    return Promise.all(results.map(function (result) { return result.data(); })).then(function (all) {
      var arranged = near.arrange(all, state.near, state.within);
      var ordered = arranged.items.map(function (item) {
        var data = all[item.index];
        var enriched = Object.assign({}, data, { meta: Object.assign({}, data.meta || {}, item.meta) });
        return Object.assign({}, results[item.index], { data: function () { return Promise.resolve(enriched); } });
      });
      nearStatus.textContent = (state.nearMessage ? state.nearMessage + " " : "") +
        near.describe(arranged.nearby, state.within);
      return Object.assign({}, response, { results: ordered });
    });
  }

  function rerun() {
    writeAddress();
    if (applied) {
      instance.triggerSearchWithFilters(state.term, state.filters);
    } else {
      start(); // its first search is made with the state as it is then
    }
  }

  /* The orders by name and by date checked: the bundle's page ids in that order, a file
     each (generator/publishing/search.py, `write_orders`), fetched when first chosen; every
     search that does not choose one is spared them. Checked with the host each time the page
     is opened (a new build has new ids). */
  var orders = {};

  function rankOf(name) {
    if (!orders[name]) {
      var address = root.getAttribute("data-search-orders") + "order-" + name + ".json";
      orders[name] = fetch(address, { cache: "no-cache" }).then(function (answer) {
        return answer.ok ? answer.json() : [];
      }).then(function (ids) {
        var rank = Object.create(null);
        (Array.isArray(ids) ? ids : []).forEach(function (id, index) {
          rank[id] = index;
        });
        return rank;
      }, function () {
        delete orders[name]; // offline for a moment: ask again next time
        return null;
      });
    }
    return orders[name];
  }

  function inOrder(response, name) {
    return rankOf(name).then(function (rank) {
      if (!rank || !response || !response.results) {
        return response;
      }
      var last = Number.MAX_SAFE_INTEGER;
      function place(result) {
        return result.id in rank ? rank[result.id] : last;
      }
      var results = response.results.slice().sort(function (a, b) { return place(a) - place(b); });
      return Object.assign({}, response, { results: results });
    });
  }

  /* Pagefind's own search, with the chosen order applied. */
  function patch(pagefind) {
    if (!pagefind || pagefind.__ordered) {
      return;
    }
    var search = pagefind.search.bind(pagefind);
    // the chosen order is applied to the results below, not by Pagefind (its bundle has no
    // sorts); query.js is told of it, since results in that order can't put best matches first
    var original = function (term, options) {
      var opts = Object.assign({}, options || {});
      delete opts.sort;
      return search(term, opts);
    };
    pagefind.search = function (term, options) {
      var opts = Object.assign({}, options || {});
      if (state.sort === "name") {
        opts.sort = { name: "asc" };
      } else if (state.sort === "verified") {
        opts.sort = { verified: "desc" };
      }
      opts = window.PeerWhenNarrow ? window.PeerWhenNarrow.narrow(opts, state.when) : opts;
      var found = window.PeerQuery ? window.PeerQuery.search(original, term, opts) : original(term, opts);
      return found.then(function (response) {
        if (state.sort === "distance" && state.near && response) {
          return orderByDistance(response);
        }
        if (state.sort === "name" || state.sort === "verified") {
          return inOrder(response, state.sort);
        }
        return response;
      }).then(function (response) {
        return window.PeerWhenNarrow && response ? window.PeerWhenNarrow.check(response, state.when, MAX_TO_ORDER) : response;
      });
    };
    pagefind.__ordered = true;
  }

  function setNear(point, message) {
    state.near = point;
    state.nearMessage = message;
    distanceOption.disabled = false;
    state.sort = "distance";
    sortSelect.value = "distance";
    nearStatus.textContent = message;
    rerun();
  }

  root.querySelector("[data-near-locate]").addEventListener("click", function () {
    if (!navigator.geolocation) {
      nearStatus.textContent = root.getAttribute("data-label-no-location");
      return;
    }
    navigator.geolocation.getCurrentPosition(function (position) {
      setNear({ lat: position.coords.latitude, lon: position.coords.longitude, approximate: false },
        root.getAttribute("data-label-located"));
    }, function () {
      nearStatus.textContent = root.getAttribute("data-label-no-location");
    }, { maximumAge: 600000, timeout: 15000 });
  });

  near.setup(state.within, {
    place: function (point, label) {
      setNear(point, fill("data-label-town", "{town}", label));
    },
    within: function (value) {
      state.within = value;
      if (state.near) {
        state.sort = "distance";
        sortSelect.value = "distance";
      }
      rerun();
    },
    status: function (text) {
      nearStatus.textContent = text;
    }
  });

  sortSelect.addEventListener("change", function () {
    state.sort = sortSelect.value;
    rerun();
  });

  var applied = false; // until the address has been applied, Pagefind's own first search must not erase it

  function listen() {
  instance.on("search", function (term, filters) {
    if (!applied) {
      return;
    }
    state.term = term || "";
    state.filters = {};
    Object.keys(filters || {}).forEach(function (key) {
      var values = filters[key];
      values = Array.isArray(values) ? values : [values];
      if (values.length) {
        state.filters[key] = values;
      }
    });
    writeAddress();
    showFilters();
  });
  listenFilters();
  listenResults();
  }

  /* The filters: one button that says how many are on, a pane it opens (beside the results on a
     wide screen, above them on a phone), and a sentence in the summary that names them. */
  function activeFilters() {
    return Object.keys(state.filters).reduce(function (count, key) {
      return count + state.filters[key].length;
    }, 0);
  }

  function formatList(items, type) {
    try {
      return new Intl.ListFormat(lang, { type: type }).format(items);
    } catch (error) {
      return items.join(", ");
    }
  }

  function formatCount(count) {
    try {
      return new Intl.NumberFormat(lang).format(count); // as Pagefind writes the result count
    } catch (error) {
      return String(count);
    }
  }

  /* A label with its placeholder filled; a function, so "$&" in a value from the address stays. */
  function fill(attribute, placeholder, value) {
    return root.getAttribute(attribute).replace(placeholder, function () { return value; });
  }

  /* "Meets today" or "Open now", as its button says, when one is chosen; it narrows the results
     as a filter does, so the button's count and the summary's sentence name it too. */
  function whenLabel() {
    var picks = root.querySelectorAll("[data-when-pick]");
    for (var i = 0; i < picks.length; i++) {
      if (state.when && picks[i].getAttribute("data-when-pick") === state.when) {
        return picks[i].textContent.trim();
      }
    }
    return "";
  }

  function showFilters() {
    var when = whenLabel();
    var count = activeFilters() + (when ? 1 : 0);
    toggle.textContent = count ?
      fill("data-label-filters-count", "{count}", formatCount(count)) :
      root.getAttribute("data-label-filters");
    var parts = Object.keys(state.filters).map(function (key) {
      return key + ": " + formatList(state.filters[key], "conjunction"); // Pagefind wants all
    });
    if (when) {
      parts.push(when);
    }
    filteredLine.textContent = count ? fill("data-label-filtered", "{filters}", formatList(parts, "unit")) : "";
    filteredLine.hidden = !count;
    openChosenGroups();
  }

  /* Pagefind draws a filter group closed, which hides its checked boxes from everyone. */
  function openChosenGroups() {
    var groups = root.querySelectorAll("pagefind-filter-pane details.pf-filter-group");
    Array.prototype.forEach.call(groups, function (group) {
      var chosen = state.filters[group.getAttribute("data-filter-name")];
      if (chosen && chosen.length) {
        group.open = true;
      }
    });
  }

  function setPaneOpen(open) {
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    pane.hidden = !open;
    layout.classList.toggle("search-layout-filters", open);
  }

  toggle.addEventListener("click", function () {
    setPaneOpen(toggle.getAttribute("aria-expanded") !== "true");
    if (!loadAllFilters()) {
      start(); // once Pagefind is ready, an open pane loads the filters
    }
  });

  /* The filter index (a third of what this page fetched before anyone typed, at 10,000 entries)
     is loaded when the pane is first opened, or at once when the address holds filters: the
     bundle's filters() loads it only when asked with true (generator/publishing/search.py). */
  var filtersAsked = false;
  function loadAllFilters() {
    var pagefind = instance && instance.__pagefind__;
    if (filtersAsked || !pagefind || !applied) {
      return false;
    }
    filtersAsked = true;
    pagefind.filters(true).then(function (all) {
      instance.availableFilters = all;
      instance.totalFilters = all;
      instance.__dispatch__("filters", { available: all, total: all });
      instance.triggerSearchWithFilters(state.term, state.filters);
    });
    return true;
  }
  /* A filter this index does not have (an old link, a label since renamed) would find nothing
     and offer no box to clear it: leave it out. */
  function listenFilters() {
  instance.on("filters", function (filters) {
    var total = filters && filters.total;
    if (!total || !Object.keys(total).length) {
      openChosenGroups();
      return;
    }
    var changed = false;
    Object.keys(state.filters).forEach(function (key) {
      var known = state.filters[key].filter(function (value) {
        return total[key] && Object.prototype.hasOwnProperty.call(total[key], value);
      });
      if (known.length !== state.filters[key].length) {
        changed = true;
        if (known.length) {
          state.filters[key] = known;
        } else {
          delete state.filters[key];
        }
      }
    });
    if (changed && applied) {
      showFilters();
      rerun();
    }
    openChosenGroups();
  });
  }

  /* The count is said once the results settle: Pagefind's own announcements (one per key typed)
     are left out, and after Enter focus moves to the summary, which a screen reader then reads. */
  var searching = false;
  var focusWanted = false;
  var lastTyped = 0;
  var announceTimer = 0;
  var said = "";
  var quietFirst = false; // the list of everything, before any choice (set as Pagefind starts)

  function summaryText() {
    return (summaryBox.textContent || "").replace(/\s+/g, " ").trim();
  }

  function focusSummary() {
    focusWanted = false;
    window.clearTimeout(announceTimer);
    said = summaryText();
    summaryBox.focus();
  }

  var input = root.querySelector("pagefind-input");
  input.addEventListener("input", function () {
    lastTyped = Date.now();
  });
  input.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !event.target.matches("input")) {
      return;
    }
    event.preventDefault();
    var value = event.target.value;
    if (value === instance.searchTerm && !searching) {
      focusSummary();
      return;
    }
    focusWanted = true;
    if (!applied) {
      start(); // what is typed is searched once Pagefind is ready, and focus then moves
      return;
    }
    // Pagefind's input searches for it within its debounce; if it has not, search now
    window.setTimeout(function () {
      if (focusWanted && !searching && instance.searchTerm !== value) {
        instance.triggerSearch(value);
      }
    }, 400);
  });

  function listenResults() {
  var announce = instance.announce.bind(instance);
  instance.announce = function (key, params, politeness) {
    if (!/_results?$/.test(key)) {
      announce(key, params, politeness);
    }
  };
  instance.on("loading", function () {
    searching = true;
  });
  instance.on("results", function () {
    searching = false;
    if (focusWanted) {
      focusSummary();
      return;
    }
    if (quietFirst) {
      quietFirst = false;
      said = summaryText();
      return;
    }
    window.clearTimeout(announceTimer);
    var wait = Date.now() - lastTyped < 1000 ? 1200 : 300;
    announceTimer = window.setTimeout(function () {
      var text = summaryText();
      if (text && text !== said && !searching) {
        said = text;
        announcer.textContent = text;
        // emptied once said, so reading down the page does not meet the count twice
        window.setTimeout(function () {
          if (announcer.textContent === text) {
            announcer.textContent = "";
          }
        }, 1000);
      }
    }, wait);
  });
  instance.on("loading", function () {
    shown += 1;
    root.classList.add("search-pending");
  });
  instance.on("results", function () {
    var list = shown;
    window.setTimeout(function () {
      Promise.all(renderAhead(0, 10)).then(reveal, reveal);
    }, 0);
    function reveal() {
      if (list === shown) {
        root.classList.remove("search-pending");
        if (first) {
          first.hidden = true; // Pagefind's list takes the place of the first entries
        }
      }
    }
  });
  }

  /* Pagefind renders a result only when it scrolls into view, and a placeholder can't take
     focus: a keyboard user would Tab past unrendered results to the footer. Render the first
     few at once, and the next few whenever a result gets focus. */
  var resultsElement = root.querySelector("pagefind-results");
  function renderAhead(from, count) {
    var pending = (resultsElement && resultsElement.results) || [];
    return pending.slice(from, from + count).map(function (item) {
      return item && typeof item.load === "function" ? item.load() : null;
    });
  }
  /* A new list stays hidden (its space held) until its first cards are drawn: cards replacing
     placeholders one by one would push each other about while a person reads. */
  var shown = 0;
  var first = root.querySelector("[data-search-first]");
  /* A number of several digit groups in a result's words ("116 123") is drawn as it is dialled
     on an Arabic page, as the entry pages draw it: isolated left to right. */
  var grouped = new RegExp(root.getAttribute("data-number-pattern"), "g"); // markup.GROUPED_NUMBER
  function isolateNumbers(element) {
    var walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    var found = [];
    while (walker.nextNode()) {
      if (!walker.currentNode.parentElement.closest(".phone")) {
        found.push(walker.currentNode);
      }
    }
    found.forEach(function (node) {
      var text = node.nodeValue;
      var parts = [];
      var last = 0;
      text.replace(grouped, function (number, at) {
        parts.push(document.createTextNode(text.slice(last, at)));
        var span = document.createElement("span");
        span.className = "phone";
        span.dir = "ltr";
        span.textContent = number;
        parts.push(span);
        last = at + number.length;
      });
      if (parts.length) {
        parts.push(document.createTextNode(text.slice(last)));
        node.replaceWith.apply(node, parts);
      }
    });
  }
  new MutationObserver(function () {
    Array.prototype.forEach.call(resultsElement.querySelectorAll(".card-title, .card-summary"), isolateNumbers);
  }).observe(resultsElement, { childList: true, subtree: true });
  // and in the line that says what was searched for ("2 results for 116 123")
  new MutationObserver(function () {
    Array.prototype.forEach.call(summaryBox.querySelectorAll(".pf-summary"), isolateNumbers);
  }).observe(summaryBox, { childList: true, subtree: true, characterData: true });

  resultsElement.addEventListener("focusin", function (event) {
    var item = event.target.closest("[data-pf-result-index]");
    if (item) {
      renderAhead(Number(item.getAttribute("data-pf-result-index")) + 1, 10);
    }
  });

  if (window.PeerWhenNarrow) {
    window.PeerWhenNarrow.control(root.querySelector("[data-when-control]"), state.when, function (value) {
      state.when = value;
      showFilters();
      rerun();
    });
  }
  showFilters();
  if (state.near) {
    distanceOption.disabled = false;
  } else if (state.sort === "distance") {
    root.querySelector("[data-near]").open = true; // arrived from "order by distance" on a list
  }
  sortSelect.value = state.sort === "distance" && !state.near ? "" : state.sort;
  state.sort = sortSelect.value;

  /* Starting Pagefind: its interface script is added to the page, which turns the elements
     search.html holds into Pagefind's (its box replaces this page's own, see carryTyped). */
  var started = false;
  function start() {
    if (started) {
      return;
    }
    started = true;
    var script = document.createElement("script");
    script.src = root.getAttribute("data-pagefind-ui");
    script.addEventListener("load", run);
    script.addEventListener("error", showFallback);
    carryTyped();
    document.head.appendChild(script);
  }

  /* Pagefind draws its own box in place of this page's as soon as its script runs, and again
     when its translations arrive. Watched from a microtask, which runs before any key the
     visitor presses next: what was typed, where the cursor was, and the focus go to each new
     box, so no keystroke is lost and focus stays where the visitor is typing. */
  var boxHolder = root.querySelector("pagefind-input");
  var box = drawBox();
  var typedIn = box;
  var typedFocused = false;
  if (boxHolder) {
    boxHolder.addEventListener("focusin", function () {
      typedFocused = true;
    });
    boxHolder.addEventListener("focusout", function (event) {
      // a box taken away while focused loses focus to nothing; it is checked after this task
      // (the watcher below runs before that), so a visitor who left the box is left alone
      var left = event.target;
      typedFocused = !event.relatedTarget;
      window.setTimeout(function () {
        if (left.isConnected && document.activeElement !== typedIn) {
          typedFocused = false;
        }
      }, 0);
    });
  }
  /* The page's own box, drawn as Pagefind draws its box (a search landmark, a label read only
     by screen readers, the same classes), so the page does not change when Pagefind's comes. */
  function drawBox() {
    if (!boxHolder) {
      return null;
    }
    var wrapper = document.createElement("search");
    wrapper.className = "pf-input-wrapper";
    wrapper.setAttribute("aria-label", boxHolder.getAttribute("data-label"));
    var label = document.createElement("label");
    label.htmlFor = "search-box";
    label.setAttribute("data-pf-sr-hidden", "true");
    label.textContent = boxHolder.getAttribute("data-label");
    var drawn = document.createElement("input");
    drawn.id = "search-box";
    drawn.className = "pf-input";
    drawn.type = "search";
    drawn.setAttribute("autocomplete", "off");
    drawn.setAttribute("autocapitalize", "none");
    drawn.setAttribute("enterkeyhint", "search");
    drawn.setAttribute("placeholder", boxHolder.getAttribute("placeholder"));
    wrapper.appendChild(label);
    wrapper.appendChild(drawn);
    boxHolder.appendChild(wrapper);
    return drawn;
  }

  function carryTyped() {
    if (!box || !boxHolder) {
      return;
    }
    new MutationObserver(function () {
      var replacement = boxHolder.querySelector("input");
      if (!replacement || replacement === typedIn || typedIn.isConnected) {
        return;
      }
      var previous = typedIn;
      typedIn = replacement;
      if (replacement.value !== previous.value) {
        replacement.value = previous.value;
      }
      if (!applied) {
        state.term = previous.value; // the address's query, as the visitor may have changed it
      }
      if (typedFocused && document.activeElement !== replacement) {
        replacement.focus();
        try {
          replacement.setSelectionRange(previous.selectionStart, previous.selectionEnd);
        } catch (error) {
          // a box that cannot say where its cursor is keeps it at the end
        }
      }
    }).observe(boxHolder, { childList: true, subtree: true });
  }

  /* How many results were found, said in the site's words (search.html): the wording of the
     count's plural category in the page's language, which Pagefind's one/many can't tell apart
     (Arabic has six). Pagefind's own wording is kept for anything else. */
  function sayCountsInOwnWords() {
    var categories = null;
    try {
      categories = new Intl.PluralRules(lang);
    } catch (error) {
      return;
    }
    var translate = instance.translate.bind(instance);
    instance.translate = function (key, params) {
      var found = /^(total_)?(zero_results|one_result|many_results)$/.exec(key);
      var values = params || {};
      if (!found) {
        return translate(key, params);
      }
      var prefix = found[1] ? "data-summary-total-" : "data-summary-";
      var count = typeof values.COUNT === "number" ? values.COUNT : 0;
      var text = root.getAttribute(prefix + (found[2] === "zero_results" ? "none" : categories.select(count)));
      if (!text) {
        return translate(key, params);
      }
      return text.replace(/\[COUNT\]/g, function () {
        return formatCount(count);
      }).replace(/\[SEARCH_TERM\]/g, function () {
        return values.SEARCH_TERM == null ? "" : String(values.SEARCH_TERM);
      });
    };
  }

  function run() {
    if (!window.PagefindComponents) {
      showFallback();
      return;
    }
    instance = window.PagefindComponents.getInstanceManager().getInstance("default");
    sayCountsInOwnWords();
    listen();
    if (typedIn && typedIn.isConnected) {
      state.term = typedIn.value; // what the box holds now, if Pagefind's box has not replaced it
    }
    quietFirst = !state.term && !activeFilters();
    /* In faceted mode Pagefind first lists everything, which loads the whole word index. When
       the search holds a query, skip that listing: the query loads only the chunks it needs. */
    var faceted = instance.faceted;
    if (state.term) {
      instance.faceted = false;
    }
    instance.triggerLoad().then(function () {
      patch(instance.__pagefind__);
      applied = true;
      instance.faceted = faceted;
      firstSearch();
    });
  }

  /* The first search waits, like Pagefind's box, until the visitor pauses typing: a search for
     the letters typed so far would fetch words and results no one asked for ("gr" on the way
     to "grief"). A search Pagefind's box has made meanwhile is not made again. */
  var TYPING_PAUSE = 250;
  function firstSearch() {
    var typing = TYPING_PAUSE - (Date.now() - lastTyped);
    if (typing > 0) {
      window.setTimeout(firstSearch, typing);
      return;
    }
    if (typedIn && typedIn.isConnected && typedIn.value !== state.term) {
      if (instance.searchTerm === typedIn.value) {
        return; // Pagefind's box searched it (and said so: state follows it)
      }
      state.term = typedIn.value;
    }
    writeAddress();
    var paneOpen = toggle.getAttribute("aria-expanded") === "true";
    if (!((activeFilters() || paneOpen) && loadAllFilters())) {
      instance.triggerSearchWithFilters(state.term, state.filters);
    }
  }

  if (box) {
    box.value = state.term;
    box.addEventListener("focus", start);
    box.addEventListener("input", start);
  }
  /* the other signs of intent: Near me opened, the order touched, a handout asked for */
  root.querySelector("[data-near]").addEventListener("toggle", function (event) {
    if (event.target.open) {
      start();
    }
  });
  sortSelect.addEventListener("focus", start);
  var handout = root.querySelector("[data-handout-print]");
  if (handout) {
    handout.addEventListener("click", start);
  }
  /* a shared search (a query, filters, an order, a place, "Meets today") starts at once, and
     so does the header's box sent empty (?q=): the visitor asked to search */
  var asked = new URLSearchParams(window.location.search).has("q");
  if (asked || state.term || activeFilters() || state.sort || state.near || state.when) {
    if (first) {
      first.hidden = true; // entries listed by name are not what was asked for
    }
    start();
  }
})();
