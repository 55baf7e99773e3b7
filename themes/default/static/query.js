/* Search in people's own words: turn what a visitor typed into words Pagefind can find.
   - drops each language's stop words (and French elisions: j', l', d', qu'…), so a sentence
     ("looking after my dad who has cancer") searches for the words that carry its meaning;
   - strips Arabic clitics (و ف ب ك ل + ال, لل), since the index holds "وحدة", not "بالوحدة";
   - when the remaining words together find nothing, relaxes: words with no hit of their own
     are left out, then the largest group of words that still match together is searched, and
     the page says which words were used and which were left out.
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
      "keeps kept want wants need needs needing looking look find finding someone somebody " +
      "something anyone people person group groups support help helping please near me " +
      "like as"
    ),
    es: set(
      "el la los las un una unos unas lo al del de a en con sin por para sobre entre hacia " +
      "desde hasta y e o u ni que qué quien quién quienes cual cuál como cómo cuando cuándo " +
      "donde dónde yo me mi mis mí conmigo tú tu tus te ti él ella ellos ellas le les se su " +
      "sus nos nuestro nuestra vosotros usted ustedes es son soy eres estoy está están estás " +
      "estar ser fue era he ha han hay tengo tiene tienen tener muy mucho mucha muchos " +
      "muchas más menos ya no sí si pero porque también algo alguien algún alguna este esta " +
      "estos estas ese esa eso esos esas siento sentir necesito necesita busco buscando " +
      "quiero grupo grupos apoyo ayuda persona personas cerca"
    ),
    fr: set(
      "le la les l un une des du de d au aux à a en dans par pour sur sous avec sans chez " +
      "entre vers et ou ni mais donc car que qu qui quoi dont où quand comment je j me m moi " +
      "mon ma mes tu te t toi ton ta tes il elle ils elles lui leur leurs se s son sa ses " +
      "nous notre nos vous votre vos on ce c cet cette ces ça cela y ne n pas plus très trop " +
      "aussi suis es est sommes êtes sont être ai as avons avez ont avoir fait faire sens " +
      "sent besoin cherche chercher veux voudrais quelqu quelqu'un quelque personne " +
      "personnes groupe groupes soutien aide aider près"
    ),
    ar: set(
      "في من إلى الى على عن مع أو او و ثم لكن إن ان أن أنا انا أنت انت هو هي نحن هم هذا " +
      "هذه ذلك تلك الذي التي الذين ما ماذا لا لم لن قد كل بعض عند عندي لدي لي به بها فيه " +
      "كيف متى أين اين هل جدا جداً أريد اريد أحتاج احتاج أبحث ابحث أشعر اشعر شخص أحد احد " +
      "مجموعة مجموعات دعم مساعدة قرب قريب"
    )
  };

  /* French (and similar) elisions: "j'ai" -> "ai", "l'anxiété" -> "anxiété". */
  var ELISION = /^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)['’]/i;

  /* Arabic proclitics, longest first: conjunction/preposition + article, then the article,
     then a bare conjunction or preposition, which is also often a word's own first letter
     ("وحدة", "فقدان"), so the word as typed is tried first for those. */
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
      if (word.indexOf(rules.maybe[i]) === 0 && word.length - 1 >= ARABIC_MIN + 1) {
        return [word, word.slice(1)];
      }
    }
    return [word];
  }

  /* Return the words of a query that carry meaning: [{text: as typed, forms: [to search]}]. */
  function analyse(text, lang) {
    var stop = STOP[lang] || STOP[(lang || "").split("-")[0]] || {};
    var tokens = (text || "").split(/[\s,;:!?¿¡.()"«»“”\u060c\u061b\u061f]+/).filter(Boolean);
    var kept = [];
    var all = [];
    tokens.forEach(function (token) {
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
     ("cancer" finding "can")? Judged on the first result's highlighted words. */
  function realHit(form, result) {
    if (!result || typeof result.data !== "function") {
      return Promise.resolve(true);
    }
    var wanted = fold(form);
    var head = wanted.slice(0, Math.max(3, Math.ceil(wanted.length * 0.6)));
    return result.data().then(function (data) {
      var marks = ((data && data.excerpt) || "").match(/<mark>[^<]*<\/mark>/g) || [];
      if (!marks.length) {
        return true; // a match in a title or hidden keywords: trust Pagefind
      }
      return marks.some(function (mark) {
        var seen = fold(mark.replace(/<\/?mark>/g, "").replace(/[^\p{L}\p{N}]+/gu, ""));
        return variants(seen, "ar").concat([seen]).some(function (v) {
          return v.indexOf(head) === 0 || wanted.indexOf(v) === 0 && v.length >= head.length;
        });
      });
    }, function () { return true; });
  }

  var MAX_SEARCHES = 64;

  function subsets(items, size) {
    var out = [];
    (function pick(start, chosen) {
      if (chosen.length === size) {
        out.push(chosen.slice());
        return;
      }
      for (var i = start; i < items.length; i++) {
        chosen.push(items[i]);
        pick(i + 1, chosen);
        chosen.pop();
      }
    })(0, []);
    return out;
  }

  function count(response) {
    return (response && response.results && response.results.length) || 0;
  }

  /* Search as the person meant it. Resolves to {response, used, left}: `left` lists the
     words (as typed) that were left out to find anything, empty when every word matched. */
  function run(search, text, options, lang) {
    lang = lang || document.documentElement.lang;
    var words = analyse(text, lang);
    if (!words.length) {
      return search(text, options).then(function (response) {
        return { response: response, used: [], left: [] };
      });
    }
    var searches = 0;
    function find(forms) {
      searches += 1;
      return search(forms.join(" "), options);
    }
    var first = words.map(function (w) { return w.forms[0]; });
    return find(first).then(function (response) {
      if (count(response) || words.length === 1 && words[0].forms.length === 1) {
        return { response: response, used: words, left: [] };
      }
      // each word on its own: the first of its forms that really matches, if any
      return Promise.all(words.map(function (word) {
        return word.forms.reduce(function (found, form) {
          return found.then(function (done) {
            if (done) {
              return done;
            }
            return find([form]).then(function (alone) {
              if (!count(alone)) {
                return null;
              }
              return realHit(form, alone.results[0]).then(function (real) {
                return real ? { word: word, form: form, hits: count(alone), response: alone } : null;
              });
            });
          });
        }, Promise.resolve(null));
      })).then(function (found) {
        var hits = found.filter(Boolean);
        if (!hits.length) {
          return { response: response, used: [], left: words };
        }
        return relax(hits, find, function () { return searches; }).then(function (best) {
          var used = best.group.map(function (h) { return h.word; });
          return {
            response: best.response,
            used: used,
            left: words.filter(function (w) { return used.indexOf(w) < 0; })
          };
        });
      });
    });
  }

  /* The largest group of matching words that find something together; among groups of one
     size, the one whose best result Pagefind scores highest. */
  function relax(hits, find, spent) {
    var size = hits.length;
    function bySize() {
      if (size <= 1) {
        var single = hits.slice().sort(function (a, b) {
          return topScore(b.response) - topScore(a.response);
        })[0];
        return Promise.resolve({ group: [single], response: single.response });
      }
      var groups = subsets(hits, size);
      if (spent() + groups.length > MAX_SEARCHES) {
        size = 1;
        return bySize();
      }
      return Promise.all(groups.map(function (group) {
        return find(group.map(function (h) { return h.form; })).then(function (response) {
          return { group: group, response: response };
        });
      })).then(function (tried) {
        var found = tried.filter(function (t) { return count(t.response); });
        if (!found.length) {
          size -= 1;
          return bySize();
        }
        found.sort(function (a, b) { return topScore(b.response) - topScore(a.response); });
        return found[0];
      });
    }
    return bySize();
  }

  function topScore(response) {
    var first = response && response.results && response.results[0];
    return (first && first.score) || 0;
  }

  /* --- what the page says ------------------------------------------------------------ */

  var script = document.currentScript;
  var latest = 0;
  var note = null;

  function list(words) {
    var texts = words.map(function (w) { return w.text; });
    try {
      return new Intl.ListFormat(document.documentElement.lang, { style: "narrow", type: "unit" }).format(texts);
    } catch (error) {
      return texts.join(", ");
    }
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
    if (!outcome.left.length || !outcome.used.length || !script) {
      element.hidden = true;
      element.textContent = "";
      return;
    }
    element.textContent = script.getAttribute("data-label-relaxed").replace("{used}", list(outcome.used)) +
      " " + script.getAttribute("data-label-left-out").replace("{left}", list(outcome.left));
    element.hidden = false;
  }

  /* Pagefind's search(term, options), as search.js calls it, with the words processed. */
  function searchWords(search, term, options) {
    var ticket = ++latest;
    if (!term || !String(term).trim()) {
      show({ used: [], left: [] });
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

  window.PeerQuery = { analyse: analyse, run: run, search: searchWords, STOP: STOP, PREFIXES: PREFIXES };
})();
