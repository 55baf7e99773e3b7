/* "Print a handout" on list pages and the search page.
   Outreach workers, libraries and clinics hand out paper. The button gathers every entry of the
   list (all of its pages, not only this one) or of the current search results, fetches each
   entry's own page (same origin), and prints one sheet: the crisis lines of the page's country
   first, then each entry with its schedule, place, phone and website written out, the date it
   was last confirmed and the QR code its page carries for print. Nothing of the site's
   navigation or controls is printed. Nothing is sent anywhere but this site.
   The handout is built only when asked for, so the pages carry no copy of it.
   No inline code or style: the pages run under a Content-Security-Policy without
   'unsafe-inline'; the handout's look is handout.css, loaded on the first click. */
(function () {
  "use strict";

  var tools = document.querySelector("[data-handout]");
  if (!tools || !window.fetch || !window.DOMParser) {
    return;
  }
  var button = tools.querySelector("[data-handout-print]");
  var status = tools.querySelector("[data-handout-status]");
  var lang = document.documentElement.lang;
  var searchRoot = document.querySelector("[data-search]");
  var LIMIT = 500; // about 100 sheets of paper: past that, narrow the list first
  var AT_ONCE = 6; // requests in flight, as a browser allows per host
  var sheet = null; // the handout, kept for printing again while it shows the same entries
  var busy = false;

  /* The search page's current results, as Pagefind's interface last listed them, in the order
     chosen (search.js sorts them); read when asked, since its script loads after this one. */
  function currentResults() {
    var components = window.PagefindComponents;
    var instance = components && components.getInstanceManager().getInstance("default");
    var found = instance && instance.searchResult;
    return (found && found.results) || [];
  }

  var words = null; // the urgent-help page's [data-handout-words], once fetched

  function label(name, values) {
    var from = words && words.hasAttribute("data-label-" + name) ? words : tools;
    var text = from.getAttribute("data-label-" + name) || "";
    Object.keys(values || {}).forEach(function (key) {
      text = text.split("{" + key + "}").join(String(values[key]));
    });
    return text;
  }

  /* A problem said to the visitor in their language, told apart from the browser's own. */
  function problem(text) {
    var error = new Error(text);
    error.forPeople = true;
    return error;
  }

  function say(text) {
    status.textContent = text;
  }

  function forget() {
    if (sheet) {
      sheet.remove();
      sheet = null;
    }
  }

  function wait(milliseconds) {
    return new Promise(function (resolve) { setTimeout(resolve, milliseconds); });
  }

  /* A page of this site, parsed. A phone's connection drops a request now and then: one that
     fails on the way (no answer, or a server error) is asked for again, twice at most, before
     the handout gives up; a page that is not there (404) is not. */
  function fetchPage(address, tries) {
    var left = tries === undefined ? 2 : tries;
    return fetch(address, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) {
        var error = new Error(address + ": " + response.status);
        error.again = response.status >= 500;
        throw error;
      }
      return response.text();
    }, function (error) {
      error.again = true;
      throw error;
    }).then(function (text) {
      return new DOMParser().parseFromString(text, "text/html");
    }, function (error) {
      if (error.again && left > 0) {
        return wait(400 * (3 - left)).then(function () { return fetchPage(address, left - 1); });
      }
      throw error;
    });
  }

  function withoutHash(address) {
    var url = new URL(address, window.location.href);
    url.hash = "";
    return url.href;
  }

  /* The addresses of every entry to print, in the order the list or the results give them. */
  function entryAddresses() {
    if (searchRoot) {
      return Promise.all(currentResults().map(function (result) { return result.data(); })).then(function (all) {
        return all.map(function (data) { return withoutHash(data.url); });
      });
    }
    var count = Number(tools.getAttribute("data-pages")) || 1;
    var first = new URL(tools.getAttribute("data-first") || window.location.href, window.location.href);
    var pages = [];
    for (var number = 1; number <= count; number += 1) {
      // page n of a list is page/n/ under its first page (text/urls.py)
      pages.push(number === 1 ? withoutHash(first.href) : new URL("page/" + number + "/", first).href);
    }
    return Promise.all(pages.map(function (address) {
      var here = address === withoutHash(window.location.href);
      return (here ? Promise.resolve(document) : fetchPage(address)).then(function (doc) {
        var links = doc.querySelectorAll(".cards > li > :is(h2, h3) > a[href]");
        return Array.prototype.map.call(links, function (link) {
          return withoutHash(new URL(link.getAttribute("href"), address).href);
        });
      });
    })).then(function (lists) {
      var seen = {};
      return [].concat.apply([], lists).filter(function (address) {
        var fresh = !seen[address];
        seen[address] = true;
        return fresh;
      });
    });
  }

  /* Fetch every address, AT_ONCE at a time; resolve with the documents (null where one failed). */
  function fetchAll(addresses, progress) {
    var docs = new Array(addresses.length);
    var next = 0;
    var done = 0;
    function worker() {
      if (next >= addresses.length) {
        return Promise.resolve();
      }
      var index = next;
      next += 1;
      return fetchPage(addresses[index]).then(function (doc) {
        docs[index] = doc;
      }, function () {
        docs[index] = null;
      }).then(function () {
        done += 1;
        progress(done);
        return worker();
      });
    }
    var workers = [];
    for (var i = 0; i < Math.min(AT_ONCE, addresses.length); i += 1) {
      workers.push(worker());
    }
    return Promise.all(workers).then(function () { return docs; });
  }

  function element(tag, className, text) {
    var made = document.createElement(tag);
    if (className) {
      made.className = className;
    }
    if (text) {
      made.textContent = text;
    }
    return made;
  }

  /* Paper has no links: a link to another page of the site becomes its text, and a link
     elsewhere keeps its text with the address written after it (unless the text is the
     address). Phone numbers and emails are already their own text. */
  function forPaper(node) {
    Array.prototype.forEach.call(node.querySelectorAll("[id]"), function (each) {
      each.removeAttribute("id");
    });
    Array.prototype.forEach.call(node.querySelectorAll("a"), function (link) {
      var href = link.getAttribute("href") || "";
      if (/^(tel|sms|mailto):/i.test(href)) {
        return;
      }
      if (/^https?:/i.test(href)) {
        var shown = link.textContent.trim();
        if (shown !== href && shown + "/" !== href) {
          var address = element("bdi", "print-url", href);
          address.dir = "ltr";
          link.after(" (", address, ")");
        }
        return;
      }
      link.replaceWith.apply(link, Array.prototype.slice.call(link.childNodes));
    });
    Array.prototype.forEach.call(node.querySelectorAll("address br"), function (br) {
      br.replaceWith(", ");
    });
    return node;
  }

  function copy(from, selector) {
    var found = from.querySelector(selector);
    return found ? document.importNode(found, true) : null;
  }

  /* One entry of the handout, from its page. */
  function entryBlock(doc) {
    var article = doc.querySelector("article.entry");
    if (!article) {
      return null;
    }
    var block = element("article", "handout-entry");
    var text = element("div", "handout-text");
    var title = element("h2");
    var name = article.querySelector("h1");
    Array.prototype.forEach.call(name.childNodes, function (child) {
      title.appendChild(document.importNode(child, true));
    });
    text.appendChild(title);
    var kind = article.querySelector(".eyebrow");
    if (kind) {
      text.appendChild(element("p", "handout-kind", kind.textContent.trim()));
    }
    [".lead", ".notice-closed", "dl.facts", "ul.contact", "footer.verified > p"].forEach(function (selector) {
      var part = copy(article, selector);
      if (part) {
        text.appendChild(part);
      }
    });
    // "Add to calendar" and "More in …" lead to other pages, which paper can't
    Array.prototype.forEach.call(text.querySelectorAll(".note-away"), function (note) {
      note.remove();
    });
    block.appendChild(text);
    var code = copy(article, "[data-handout-qr]");
    if (code) {
      code.hidden = false;
      code.className = "handout-qr";
      var words = code.querySelector("p");
      var url = code.querySelector(".print-url");
      if (words && url) {
        words.replaceChildren(url); // beside the code, the address alone says enough
      }
      block.appendChild(code);
    }
    return forPaper(block);
  }

  /* The crisis lines of the page's country, from the urgent-help page (this page's own crisis
     line if that page has none for it), and the handout's words, which wait there. */
  function crisisBlock() {
    // the crisis bar's link to the urgent-help page names the page's country (#crisis-xx)
    var links = document.querySelectorAll(".crisis-bar a:not([href^='tel:']):not([href^='sms:'])");
    var link = links[links.length - 1];
    var address = new URL(link ? link.getAttribute("href") : "", window.location.href);
    var country = tools.getAttribute("data-country");
    var bar = document.querySelector(".crisis-bar");
    var heading = (bar && bar.getAttribute("aria-label")) || "";
    var box = element("section", "handout-crisis");
    box.appendChild(element("h2", "", heading));
    function fallback() {
      var bar = copy(document, ".crisis-bar p");
      if (bar) {
        box.appendChild(forPaper(bar));
      }
      return box;
    }
    // without the urgent-help page, the crisis bar's own line still goes on paper
    return fetchPage(withoutHash(address.href)).then(function (doc) {
      words = doc.querySelector("[data-handout-words]");
      var section = address.hash ? doc.getElementById(decodeURIComponent(address.hash.slice(1))) : null;
      if (!section) {
        section = Array.prototype.filter.call(doc.querySelectorAll("section.crisis-country"), function (each) {
          var heading = each.querySelector("h2");
          return heading && heading.textContent.trim() === country;
        })[0];
      }
      var lines = section && section.querySelector(".crisis-lines");
      if (!lines) {
        return fallback();
      }
      box.firstChild.textContent = heading + ": " + country;
      box.appendChild(forPaper(document.importNode(lines, true)));
      return box;
    }, fallback);
  }

  function loadStyle() {
    var href = tools.getAttribute("data-css");
    var existing = document.querySelector("link[data-handout-style]");
    if (existing || !href) {
      return Promise.resolve();
    }
    return new Promise(function (resolve) {
      var link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = href;
      link.setAttribute("data-handout-style", "");
      link.onload = resolve;
      link.onerror = resolve; // the sheet then prints in the site's own print style
      document.head.appendChild(link);
    });
  }

  function header() {
    var head = element("header", "handout-head");
    var brand = document.querySelector(".brand");
    if (brand) {
      head.appendChild(element("p", "handout-site", brand.textContent.trim()));
    }
    var title = document.querySelector("main h1").cloneNode(true);
    Array.prototype.forEach.call(title.querySelectorAll(".page-number"), function (part) {
      part.remove();
    });
    head.appendChild(element("h1", "", title.textContent.trim()));
    var summary = searchRoot && searchRoot.querySelector("[data-search-summary]");
    var said = summary ? summary.textContent.replace(/\s+/g, " ").trim() : "";
    if (said) {
      head.appendChild(element("p", "", said));
    }
    var date = new Intl.DateTimeFormat(lang, { dateStyle: "long" }).format(new Date());
    var printed = element("p", "handout-printed");
    var parts = label("printed", { date: date }).split("{address}");
    var address = element("bdi", "print-url", window.location.href);
    address.dir = "ltr";
    printed.append(parts[0], address, parts[1] || "");
    head.appendChild(printed);
    return head;
  }

  function make() {
    return Promise.all([crisisBlock(), entryAddresses(), loadStyle()]).then(function (found) {
      var crisis = found[0];
      var addresses = found[1];
      if (!addresses.length) {
        throw problem(label("empty"));
      }
      if (addresses.length > LIMIT) {
        throw problem(label("too-many", { total: addresses.length, limit: LIMIT }));
      }
      say(label("progress", { done: 0, total: addresses.length }));
      return fetchAll(addresses, function (done) {
        say(label("progress", { done: done, total: addresses.length }));
      }).then(function (docs) {
        if (docs.some(function (doc) { return !doc; })) {
          throw problem(label("failed"));
        }
        // search also finds guides, which are not entries: the handout lists only entries
        var blocks = docs.map(entryBlock).filter(Boolean);
        if (!blocks.length) {
          throw problem(label("empty"));
        }
        var made = element("div", "handout");
        made.hidden = true;
        made.setAttribute("data-handout-sheet", "");
        made.append(header(), crisis);
        blocks.forEach(function (block) { made.appendChild(block); });
        document.body.appendChild(made);
        return made;
      });
    });
  }

  function print() {
    document.documentElement.classList.add("handout-printing");
    say("");
    window.print();
  }

  window.addEventListener("afterprint", function () {
    document.documentElement.classList.remove("handout-printing");
  });

  button.addEventListener("click", function () {
    if (busy) {
      return;
    }
    var shows = searchRoot ? currentResults() : null;
    if (sheet && sheet.shows === shows) {
      print();
      return;
    }
    forget();
    busy = true;
    button.setAttribute("aria-disabled", "true");
    make().then(function (made) {
      sheet = made;
      sheet.shows = shows;
      print();
    }, function (error) {
      say(error && error.forPeople ? error.message : label("failed"));
    }).then(function () {
      busy = false;
      button.removeAttribute("aria-disabled");
    });
  });
})();
