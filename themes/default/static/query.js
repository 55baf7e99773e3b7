/* Search in people's own words: turn what a visitor typed into words Pagefind can find.
   - drops each language's stop words (and elisions: j', l', d', qu'…), so a sentence
     ("looking after my dad who has cancer") searches for the words that carry its meaning;
   - strips Arabic clitics (و ف ب ك ل + ال, لل), since the index holds "وحدة", not "بالوحدة";
   - searches a word of another site language ("carer" on the Spanish page) also as this
     language's label of the kind, attendance or term it names ("Cuidar de un familiar", as a
     phrase), from the table beside the page (this script's data-other-words: words.json);
   - looks each word up on its own, and leaves out a word no entry holds (nor one Pagefind only
     matches through a shorter word: "cancer" through "can"); searches the rest together; when
     no entry holds them all, shows the entries holding some of them, best first, and when only
     a few hold them all, those first and then the others; the page says which words were used
     and which were left out, in its own language (strings on this script's tag).
   Nothing leaves the device; no dependencies. A new site language adds an entry to STOP (and,
   for a language with clitics, to PREFIXES). Loaded before search.js, which passes each search
   through PeerQuery.search. */
(function () {
  "use strict";

  function set(words) {
    var table = Object.create(null);
    words.split(/\s+/).forEach(function (word) {
      if (word) {
        table[word] = true;
      }
    });
    return table;
  }

  /* Grammar words, and the words every entry shares (group, support, help…), which find
     everything and so say nothing about what someone needs. */
  var STOP = {
    en: set(
      "a an the and or but if so of to in on at by for from with without about into over " +
      "after before since during up down out off than then there here this that these those " +
      "i i'm im me my mine myself we us our you your he him his she her it its they them their " +
      "who whom whose which what when where why how is am are was were be been being do does " +
      "did doing have has had having can could will would shall should may might must " +
      "not no nor don't dont can't cant isn't isnt won't wont just very really so too also " +
      "any some all each more most much many feel feeling feels felt get getting got keep " +
      "keeps kept want wants need needs needing find finding someone somebody " +
      "something anyone people person group groups support help helping please near me " +
      "like as came come comes coming back himself herself themselves yourself ourselves " +
      "struggling struggle struggles aren't doesn't i've ive i'd i'll"
    ),
    es: set(
      "el la los las un una unos unas lo al del de a en con sin por para sobre entre hacia " +
      "desde hasta y e o u ni que qué quien quién quienes cual cuál como cómo cuando cuándo " +
      "donde dónde yo me mi mis mí conmigo tú tu tus te ti él ella ellos ellas le les se su " +
      "sus nos nuestro nuestra vosotros usted ustedes es son soy eres estoy está están estás " +
      "estar ser fue era he ha han hay tengo tiene tienen tener muy mucho mucha muchos " +
      "muchas más menos ya no sí si pero porque también algo alguien algún alguna este esta " +
      "estos estas ese esa eso esos esas siento sentir necesito necesita busco buscando " +
      "quiero grupo grupos apoyo ayuda persona personas cerca después antes durante"
    ),
    fr: set(
      "le la les l un une des du de d au aux à a en dans par pour sur sous avec sans chez " +
      "entre vers et ou ni mais donc car que qu qui quoi dont où quand comment je j me m moi " +
      "mon ma mes tu te t toi ton ta tes il elle ils elles lui leur leurs se s son sa ses " +
      "nous notre nos vous votre vos on ce c cet cette ces ça cela y ne n pas plus très trop " +
      "aussi suis es est sommes êtes sont être ai as avons avez ont avoir fait faire sens " +
      "sent besoin cherche chercher veux voudrais quelqu quelqu'un quelque personne " +
      "personnes groupe groupes soutien aide aider près après avant depuis pendant fais est-ce"
    ),
    ar: set(
      "في من إلى الى على عن مع أو او و ثم لكن إن ان أن أنا انا أنت انت هو هي نحن هم هذا " +
      "هذه ذلك تلك الذي التي الذين ما ماذا لا لم لن قد كل بعض عند عندي لدي لي به بها فيه " +
      "كيف متى أين اين هل جدا جداً أريد اريد أحتاج احتاج أبحث ابحث أشعر اشعر شخص أحد احد " +
      "مجموعة مجموعات دعم مساعدة قرب قريب بعد قبل معه معها معي يعاني أعاني اعاني تعاني"
    )
  };

  /* Word pairs that say nothing about what is needed, though their first word alone can:
     "looking for" is searching, "looking after" is caring. */
  var STOP_PAIRS = {
    en: set("looking_for look_for looks_for looking_to searching_for search_for")
  };

  /* French (and similar) elisions: "j'ai" -> "ai", "l'anxiété" -> "anxiété". */
  var ELISION = /^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)['’]/i;

  /* Arabic proclitics, longest first: conjunction/preposition + article, then the article,
     then a bare conjunction or preposition, which is also often a word's own first letter
     ("وحدة", "فقدان"), so the word as typed is tried first for those, and the rest only if it
     keeps a three-letter root ("وفقد": "and loss" -> "فقد"). */
  var PREFIXES = {
    ar: {
      sure: ["وبال", "فبال", "وال", "فال", "بال", "كال", "لل", "ال"],
      maybe: ["و", "ف", "ب", "ل", "ك"]
    }
  };
  var ARABIC_MIN = 3; // Arabic roots have three letters: never strip below that

  function fold(word) {
    return word.normalize("NFKD").replace(/[\u0300-\u036f\u064b-\u065f\u0670\u0640]/g, "").toLowerCase();
  }

  function variants(word, lang) {
    var rules = PREFIXES[lang];
    if (!rules) {
      return [word];
    }
    var i;
    for (i = 0; i < rules.sure.length; i++) {
      var prefix = rules.sure[i];
      if (word.indexOf(prefix) === 0 && word.length - prefix.length >= ARABIC_MIN - 1) {
        return [word.slice(prefix.length), word];
      }
    }
    for (i = 0; i < rules.maybe.length; i++) {
      if (word.indexOf(rules.maybe[i]) === 0 && word.length - 1 >= ARABIC_MIN) {
        return [word, word.slice(1)];
      }
    }
    return [word];
  }

  /* Other site languages' words, lower case, with this language's labels of what they name
     (the file named by this script's data-other-words; each word is also there without its
     accents, as fold() makes it, unless that is a word of this language). Fetched once, at
     the first search; a page without it, or offline, searches the words as typed. */
  var other = Object.create(null);
  var otherLoaded = null;

  function loadOtherWords() {
    if (otherLoaded) {
      return otherLoaded;
    }
    var address = script && script.getAttribute("data-other-words");
    if (!address || typeof fetch !== "function") {
      otherLoaded = Promise.resolve(other);
      return otherLoaded;
    }
    otherLoaded = fetch(address, { cache: "no-cache" }).then(function (answer) {
      return answer.ok ? answer.json() : {};
    }).then(function (table) {
      Object.keys(table || {}).forEach(function (word) {
        if (Array.isArray(table[word])) {
          other[word] = table[word];
        }
      });
      return other;
    }, function () {
      otherLoaded = null; // ask again at the next search
      return other;
    });
    return otherLoaded;
  }

  function stopAnywhere(word) {
    return Object.keys(STOP).some(function (lang) { return STOP[lang][word]; });
  }

  /* This language's labels for a word of another site language: the word as typed, without
     its elision, without an Arabic article or proclitic, or without accents. */
  function labelsOf(item) {
    var lower = item.text.toLowerCase().normalize("NFC");
    var bare = lower.replace(ELISION, "");
    if (stopAnywhere(lower) || stopAnywhere(bare) || bare.length < 2) {
      return [];
    }
    var table = other;
    var tried = [bare, lower].concat(item.forms, variants(bare, "ar"));
    for (var i = 0; i < tried.length; i++) {
      var found = table[tried[i]] || table[fold(tried[i])];
      if (found) {
        return found;
      }
    }
    return [];
  }

  /* Return the words of a query that carry meaning: [{text: as typed, forms: [to search]}]. */
  function analyse(text, lang) {
    var stop = STOP[lang] || STOP[(lang || "").split("-")[0]] || {};
    var tokens = (text || "").split(/[\s,;:!?¿¡.()"«»“”\u060c\u061b\u061f]+/).filter(Boolean);
    var pairs = STOP_PAIRS[(lang || "").split("-")[0]] || {};
    var kept = [];
    var all = [];
    var skip = false;
    tokens.forEach(function (token, index) {
      var next = (tokens[index + 1] || "").toLowerCase();
      if (skip || pairs[token.toLowerCase() + "_" + next]) {
        skip = !skip;
        return;
      }
      var word = token.replace(/^[-'’]+|[-'’]+$/g, "");
      if (!word) {
        return;
      }
      var lower = word.toLowerCase();
      var bare = lower.replace(ELISION, "");
      var item = { text: word, forms: variants(bare, (lang || "").split("-")[0]) };
      all.push(item);
      if (stop[lower] || stop[lower.replace(/’/g, "'")] || stop[bare] || stop[item.forms[0]]) {
        return;
      }
      kept.push(item);
    });
    // a query of stop words only ("help", "who") is still what the person asked for
    return kept.length ? kept : all;
  }

  /* Did this word really match, or did Pagefind fall back to a shorter word it holds
     ("cancer" finding "can")? Judged on the first results' highlighted words: one that
     begins with the word, or shares its first four letters or more, past which the word has
     at most an ending left ("looking" and "looked", "agotada" and "agotamiento"). */
  var ENDING = 3;
  var JUDGED = 3; // results whose highlights are read
  var STEM = { ar: 3 }; // letters a word and its match must share: Arabic roots have three

  function sameWord(wanted, seen, lang) {
    var common = 0;
    while (common < wanted.length && common < seen.length && wanted[common] === seen[common]) {
      common += 1;
    }
    return common === wanted.length || common >= (STEM[lang] || 4) && wanted.length - common <= ENDING;
  }

  function realHit(form, results, lang) {
    var wanted = fold(form).replace(/[^\p{L}\p{N}]+/gu, "");
    var looked = results.slice(0, JUDGED);
    var index = 0;
    function next() {
      if (index >= looked.length) {
        return Promise.resolve(false);
      }
      var result = looked[index++];
      if (typeof result.data !== "function") {
        return Promise.resolve(true);
      }
      return result.data().then(function (data) {
        var marks = ((data && data.excerpt) || "").match(/<mark>[^<]*<\/mark>/g) || [];
        if (!marks.length) {
          return true; // nothing highlighted to judge by: trust Pagefind
        }
        return marks.some(function (mark) {
          var seen = fold(mark.replace(/<\/?mark>/g, "").replace(ELISION, "").replace(/[^\p{L}\p{N}]+/gu, ""));
          return variants(seen, lang).concat([seen]).some(function (v) { return sameWord(wanted, v, lang); });
        }) || next();
      }, function () { return true; });
    }
    return next();
  }

  var MAX_WORDS = 8; // each word costs a search or two: a pasted paragraph must not cost hundreds
  var ENOUGH = 5; // results that hold every word, below which those holding some follow

  function count(response) {
    return (response && response.results && response.results.length) || 0;
  }

  /* Search as the person meant it. Resolves to {response, used, left, any}: `left` lists the
     words (as typed) left out because nothing holds them; `any` is true when no entry holds
     every remaining word, so the results hold some of them, best first. */
  function run(search, text, options, lang) {
    return loadOtherWords().then(function () {
      return runWords(search, text, options, lang);
    });
  }

  function runWords(search, text, options, lang) {
    lang = (lang || document.documentElement.lang || "").split("-")[0];
    var all = analyse(text, lang);
    var words = all.slice(0, MAX_WORDS);
    var beyond = all.slice(MAX_WORDS);
    var sorted = !!(options && options.sort && Object.keys(options.sort).length);
    if (!words.length) {
      return search(text, options).then(function (response) {
        return { response: response, used: [], left: [], any: false };
      });
    }
    words.forEach(function (word) {
      word.labels = labelsOf(word);
    });
    if (words.length === 1 && words[0].forms.length === 1 && !words[0].labels.length) {
      return search(words[0].forms[0], options).then(function (response) {
        return { response: response, used: words, left: [], any: false };
      });
    }
    // each word on its own: the first of its forms that really matches, if any. One search
    // at a time: Pagefind's worker mixes up the answers of searches sent together.
    var found = [];
    var asked = words.reduce(function (before, word) {
      return before.then(function () {
        return word.forms.reduce(function (done, form) {
          return done.then(function (hit) {
            return hit || search(form, options).then(function (alone) {
              if (!count(alone)) {
                return null;
              }
              return realHit(form, alone.results, lang).then(function (real) {
                return real ? { word: word, form: form, response: alone } : null;
              });
            });
          });
        }, Promise.resolve(null)).then(function (hit) {
          return withLabels(search, word, hit, options, sorted);
        }).then(function (hit) {
          found.push(hit);
        });
      });
    }, Promise.resolve());
    return asked.then(function () {
      var hits = found.filter(Boolean);
      var used = hits.map(function (h) { return h.word; });
      var left = words.filter(function (w) { return used.indexOf(w) < 0; }).concat(beyond);
      if (!hits.length) {
        // nothing holds any word: what Pagefind makes of them all, without a note
        return search(words.map(function (w) { return w.forms[0]; }).join(" "), options).then(function (response) {
          return { response: response, used: [], left: all, any: false };
        });
      }
      if (hits.length === 1) {
        return { response: hits[0].response, used: used, left: left, any: false };
      }
      // the words together: Pagefind's search of them all, or, when a word stands for labels
      // as well, the pages every word's results hold (a label's phrase can't be searched
      // alongside other words)
      var labelled = hits.some(function (h) { return h.word.labels.length; });
      var together = labelled ?
        Promise.resolve(intersect(hits.map(function (h) { return h.response; }))) :
        search(hits.map(function (h) { return h.form; }).join(" "), options);
      return together.then(function (all) {
        var each = hits.map(function (h) { return h.response; });
        if (count(all) >= ENOUGH || count(all) && sorted) {
          return { response: all, used: used, left: left, any: false };
        }
        if (count(all)) {
          // a sentence rarely has all its words in one entry: after the few that do, the
          // entries that hold some of them
          return { response: merge(each, all), used: used, left: left, any: false, more: true };
        }
        if (sorted) {
          // an order the visitor chose can't be kept across merged results: the word with the
          // most results, in that order
          var widest = each.slice().sort(function (a, b) { return count(b) - count(a); })[0];
          var word = used[each.indexOf(widest)];
          left = words.filter(function (w) { return w !== word; }).concat(beyond);
          return { response: widest, used: [word], left: left, any: false };
        }
        return { response: merge(each), used: used, left: left, any: true };
      });
    });
  }

  /* A word's hit (or none) with the entries its labels in this language find, which are
     there for what it names, so need no checking: all of them, as one response (the widest
     one's, when the visitor chose an order), and searched together with the other words as
     the label or form with the most results. A label is searched as a phrase ("Caring for
     someone", not pages holding "caring", "for" and "someone" anywhere): the pages of what it
     names hold it as written. One search at a time, as above. */
  function withLabels(search, word, hit, options, sorted) {
    var hits = hit ? [hit] : [];
    return word.labels.reduce(function (done, label) {
      return done.then(function () {
        return search('"' + label.replace(/"/g, "") + '"', options).then(function (response) {
          if (count(response)) {
            hits.push({ word: word, form: label, response: response });
          }
        });
      });
    }, Promise.resolve()).then(function () {
      if (hits.length < 2) {
        return hits[0] || null;
      }
      var widest = hits.slice().sort(function (a, b) { return count(b.response) - count(a.response); })[0];
      var response = sorted ? widest.response : merge(hits.map(function (h) { return h.response; }));
      return { word: word, form: widest.form, response: response };
    });
  }

  /* One response holding the pages every response holds, scored by the sum of their scores,
     best first; filter counts are those of the response with the fewest results. */
  function intersect(responses) {
    var seen = Object.create(null);
    responses.forEach(function (response) {
      response.results.forEach(function (result) {
        var entry = seen[result.id] || (seen[result.id] = { result: result, times: 0, score: 0 });
        entry.times += 1;
        entry.score += result.score;
      });
    });
    var results = Object.keys(seen).filter(function (id) {
      return seen[id].times === responses.length;
    }).map(function (id) {
      seen[id].result.score = seen[id].score;
      return seen[id].result;
    });
    results.sort(function (a, b) { return b.score - a.score; });
    var narrowest = responses.slice().sort(function (a, b) { return count(a) - count(b); })[0];
    return Object.assign({}, narrowest, { results: results, unfilteredResultCount: results.length });
  }

  /* One response holding the results of several: each page once, scored by the sum of its
     scores, so a page that matches more words, or rarer ones, comes first; those of `first`
     (the few that hold every word), if given, before all others. Pagefind's own
     result objects are kept (its worker forgets a result's data once the object is gone).
     Filter counts are those of the word with the most results, the closest Pagefind can tell
     without loading every result. */
  function merge(responses, first) {
    var byId = Object.create(null);
    var scores = Object.create(null);
    var results = [];
    responses.forEach(function (response) {
      response.results.forEach(function (result) {
        if (byId[result.id]) {
          scores[result.id] += result.score;
        } else {
          byId[result.id] = result;
          scores[result.id] = result.score;
          results.push(result);
        }
      });
    });
    results.forEach(function (result) {
      result.score = scores[result.id];
    });
    results.sort(function (a, b) { return b.score - a.score; });
    if (first) {
      var lead = first.results.map(function (result) { return result.id; });
      results = first.results.concat(results.filter(function (r) { return lead.indexOf(r.id) < 0; }));
    }
    var widest = responses.slice().sort(function (a, b) { return count(b) - count(a); })[0];
    return Object.assign({}, widest, { results: results, unfilteredResultCount: results.length });
  }

  /* --- what the page says ------------------------------------------------------------ */

  var script = document.currentScript;
  var latest = 0;
  var note = null;

  function list(words) {
    // a plain list: Intl.ListFormat's "unit" lists differ in kind between languages
    var comma = /^(ar|fa|ur)\b/.test(document.documentElement.lang) ? "\u060c " : ", ";
    return words.map(function (w) { return w.text; }).join(comma);
  }

  function noteElement() {
    if (note && note.isConnected) {
      return note;
    }
    var anchor = document.querySelector("pagefind-summary") || document.querySelector("pagefind-results");
    if (!anchor || !anchor.parentNode) {
      return null;
    }
    note = document.createElement("p");
    note.className = "note search-relaxed";
    note.setAttribute("data-search-relaxed", "");
    note.hidden = true;
    anchor.parentNode.insertBefore(note, anchor.nextSibling);
    return note;
  }

  function show(outcome) {
    var element = noteElement();
    if (!element) {
      return;
    }
    var parts = [];
    if (script && outcome.used.length && (outcome.any || outcome.more || outcome.left.length)) {
      var label = outcome.any ? "data-label-any" : outcome.more ? "data-label-more" : "data-label-relaxed";
      parts.push(script.getAttribute(label).replace("{used}", list(outcome.used)));
      if (outcome.left.length) {
        parts.push(script.getAttribute("data-label-left-out").replace("{left}", list(outcome.left)));
      }
    }
    element.textContent = parts.join(" ");
    element.hidden = !parts.length;
  }

  /* Pagefind's search(term, options), as search.js calls it, with the words processed. */
  function searchWords(search, term, options) {
    var ticket = ++latest;
    if (!term || !String(term).trim()) {
      show({ used: [], left: [], any: false });
      return search(term, options);
    }
    return run(search, String(term), options).then(function (outcome) {
      if (ticket === latest) {
        window.PeerQuery.last = outcome;
        show(outcome);
      }
      return outcome.response;
    });
  }

  window.PeerQuery = { analyse: analyse, labelsOf: labelsOf, run: run, search: searchWords, STOP: STOP, PREFIXES: PREFIXES };
})();
